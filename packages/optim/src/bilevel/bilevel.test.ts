import { afterAll, describe, expect, it } from 'vitest';
import { setBackend, tf, tree } from '@gradbook/core';
import type { Scalar, Tensor } from '@gradbook/core';
import { conjugateGradient } from './conjugate-gradient.js';
import { implicitHypergradient } from './implicit-hypergradient.js';
import { unrolledHypergradient } from './unrolled-hypergradient.js';

// Ridge regression: inner = ½·mean((Xw − y)²) + ½·e^ρ·‖w‖², outer = ½·mean((X_v w − y_v)²).
const X = [[1, 0.5, -1], [0.2, 1, 0.3], [-0.7, 0.4, 1], [1.5, -0.2, 0.1], [0.3, -1, 0.8]];
const y = [1, 0.2, -0.5, 2, -0.4];
const Xv = [[0.9, 0.1, -0.5], [-0.3, 0.8, 0.6], [0.5, -0.5, 0.2]];
const yv = [0.8, 0.1, 0.3];
const rho = Math.log(0.3);

/** Solves a small dense system by Gaussian elimination (float64). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((r, i) => [...r, b[i]!]);
  for (let i = 0; i < n; i++) {
    for (let k = i + 1; k < n; k++) {
      const f = m[k]![i]! / m[i]![i]!;
      for (let j = i; j <= n; j++) m[k]![j] -= f * m[i]![j]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) x[i] = (m[i]![n]! - m[i]!.slice(i + 1, n).reduce((s, v, j) => s + v * x[i + 1 + j]!, 0)) / m[i]![i]!;
  return x;
}

/** The closed form: w*(λ) and d outer(w*(e^ρ))/dρ = −λ·g_vᵀ(A + λI)⁻¹w*. */
function reference(r: number): { w: number[]; hyper: number; outer: (rr: number) => number } {
  const wOf = (rr: number) => {
    const lam = Math.exp(rr);
    const A = [0, 1, 2].map((i) => [0, 1, 2].map((j) => X.reduce((s, row) => s + row[i]! * row[j]!, 0) / X.length + (i === j ? lam : 0)));
    const b = [0, 1, 2].map((i) => X.reduce((s, row, k) => s + row[i]! * y[k]!, 0) / X.length);
    return { A, w: solve(A, b), lam };
  };
  const outer = (rr: number) => {
    const { w } = wOf(rr);
    return Xv.reduce((s, row, k) => s + (row.reduce((t, v, j) => t + v * w[j]!, 0) - yv[k]!) ** 2, 0) / (2 * Xv.length);
  };
  const { A, w, lam } = wOf(r);
  const gv = [0, 1, 2].map((j) => Xv.reduce((s, row, k) => s + (row.reduce((t, v, i) => t + v * w[i]!, 0) - yv[k]!) * row[j]!, 0) / Xv.length);
  const u = solve(A, w);
  return { w, hyper: -lam * gv.reduce((s, g, j) => s + g * u[j]!, 0), outer };
}

const problem = () => {
  const x = tf.tensor2d(X);
  const t = tf.tensor2d(y, [5, 1]);
  const xv = tf.tensor2d(Xv);
  const tv = tf.tensor2d(yv, [3, 1]);
  const half = (a: Tensor) => tf.div(tf.mean(tf.square(a)), 2);
  const inner = (p: { w: Tensor }, h: { rho: Tensor }) =>
    tf.add(half(tf.sub(tf.matMul(x, p.w), t)), tf.mul(tf.exp(h.rho), tf.div(tf.sum(tf.square(p.w)), 2))) as Scalar;
  const outer = (p: { w: Tensor }) => half(tf.sub(tf.matMul(xv, p.w), tv)) as Scalar;
  return { inner, outer, dispose: () => tf.dispose([x, t, xv, tv]) };
};

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`hypergradients on ${backend}`, () => {
    afterAll(() => setBackend('cpu'));

    it('conjugateGradient solves an SPD system on a tree, and refuses an indefinite one', async () => {
      await setBackend(backend);
      const A = tf.tensor2d([[4, 1, 0], [1, 3, 0.5], [0, 0.5, 2]]);
      const op = (v: { a: Tensor }) => ({ a: tf.matMul(A, v.a) });
      const b = { a: tf.tensor2d([[1], [2], [3]]) };
      const before = tf.memory().numTensors;
      const { x, iterations, relativeResidual } = conjugateGradient(op, b);
      const want = solve([[4, 1, 0], [1, 3, 0.5], [0, 0.5, 2]], [1, 2, 3]);
      Array.from(x.a.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 4));
      expect(iterations).toBeLessThanOrEqual(4);
      expect(relativeResidual).toBeLessThan(1e-4);
      tree.dispose(x);
      expect(tf.memory().numTensors).toBe(before);
      expect(() => conjugateGradient((v: { a: Tensor }) => ({ a: tf.neg(v.a) }), b)).toThrow(/conjugateGradient: the operator is not positive definite/);
      expect(tf.memory().numTensors).toBe(before);
      tree.dispose([A, b]);
    });

    it('the implicit (IFT + CG) and the unrolled hypergradients match the closed form of ridge regression and each other, leaking nothing', async () => {
      await setBackend(backend);
      const { inner, outer, dispose } = problem();
      const ref = reference(rho);
      const hyper = { rho: tf.scalar(rho) };
      const before = tf.memory().numTensors;
      // the implicit one at the exact inner solution
      const solved = { w: tf.tensor2d(ref.w, [3, 1]) };
      const imp = implicitHypergradient({ inner, outer, hyper, params: solved });
      const impValue = imp.hypergradient.rho.dataSync()[0]!;
      expect(impValue).toBeCloseTo(ref.hyper, 4);
      expect(imp.iterations).toBeLessThanOrEqual(5);
      // finite differences of the closed-form outer objective agree with the closed form
      expect((ref.outer(rho + 1e-5) - ref.outer(rho - 1e-5)) / 2e-5).toBeCloseTo(ref.hyper, 6);
      // the unrolled one through 100 steps of gradient descent from zero
      const init = { w: tf.zeros([3, 1]) };
      const unr = unrolledHypergradient({ inner, outer, hyper, init, steps: 100, learningRate: 0.5 });
      const unrValue = unr.hypergradient.rho.dataSync()[0]!;
      Array.from(unr.params.w.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(ref.w[i]!, 3));
      expect(Math.abs(unrValue - impValue)).toBeLessThan(0.02 * Math.abs(impValue));
      expect(unr.outerValue).toBeCloseTo(ref.outer(rho), 4);
      // a short unrolled run is a different (truncated) problem: its hypergradient differs
      const short = unrolledHypergradient({ inner, outer, hyper, init, steps: 3, learningRate: 0.5 });
      expect(Math.abs(short.hypergradient.rho.dataSync()[0]! - impValue)).toBeGreaterThan(0.05 * Math.abs(impValue));
      tree.dispose([init, solved, imp.hypergradient, unr.hypergradient, unr.params, short.hypergradient, short.params]);
      expect(tf.memory().numTensors).toBe(before);
      tree.dispose(hyper);
      dispose();
    });
  });
}

describe('hypergradient arguments', () => {
  it('name what is wrong', () => {
    const f = () => tf.scalar(0);
    const h = { r: tf.scalar(0) };
    const p = { w: tf.zeros([2]) };
    expect(() => unrolledHypergradient({ inner: f, outer: f, hyper: h, init: p, steps: 0, learningRate: 0.1 })).toThrow(/unrolledHypergradient\(steps\): expected a whole number ≥ 1, got 0/);
    expect(() => unrolledHypergradient({ inner: f, outer: f, hyper: h, init: p, steps: 2, learningRate: -1 })).toThrow(/unrolledHypergradient\(learningRate\)/);
    expect(() => implicitHypergradient({ inner: f, outer: f, hyper: h, params: p, damping: -1 })).toThrow(/implicitHypergradient\(damping\)/);
    expect(() => conjugateGradient(null as never, p)).toThrow(/conjugateGradient\(matvec\)/);
    tree.dispose([h, p]);
  });
});
