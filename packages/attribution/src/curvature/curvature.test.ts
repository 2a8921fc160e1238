import { afterAll, describe, expect, it } from 'vitest';
import { setBackend, tf, tree } from '@gradbook/core';
import type { TensorTree } from '@gradbook/core';
import { exactTrace, hessianAlignment, hessianMatrix, hutchinsonTrace, lossHvp, spectralDensity, topEigenvalues } from '../index.js';
import { symmetricEigen } from '../internal/symmetric-eigen.js';
import { crossEntropy2, loadCase, specModel } from '../test-utils/spec-model.js';

/** Q·diag(λ)·Qᵀ with Q from Gram–Schmidt on seeded vectors: a symmetric matrix with known eigenvalues. */
function withEigenvalues(lambdas: number[], seed = 3): number[][] {
  const n = lambdas.length;
  let s = seed;
  const r = () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
  const q: number[][] = [];
  for (let i = 0; i < n; i++) {
    const v = Array.from({ length: n }, r);
    for (const u of q) {
      const d = u.reduce((a, x, k) => a + x * v[k]!, 0);
      u.forEach((x, k) => (v[k] -= d * x));
    }
    const nv = Math.hypot(...v);
    q.push(v.map((x) => x / nv));
  }
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => q.reduce((a, u, k) => a + lambdas[k]! * u[i]! * u[j]!, 0)));
}

/** The matrix as an HVP on a two-leaf tree (so flattening across leaves is exercised). */
function asOperator(a: number[][]): { hvp: (v: TensorTree) => TensorTree; params: TensorTree } {
  const n = a.length;
  const m = tf.tensor2d(a);
  const split = Math.floor(n / 3);
  const params = { w: { bias: tf.zeros([split]), kernel: tf.zeros([n - split]) } };
  // flatten order is bias then kernel, so the vector is [bias, kernel]
  const hvp = (v: TensorTree): TensorTree =>
    tf.tidy(() => {
      const t = v as unknown as { w: { bias: tf.Tensor; kernel: tf.Tensor } };
      const flat = tf.concat([t.w.bias, t.w.kernel]).reshape([n, 1]);
      const out = tf.matMul(m, flat).reshape([n]);
      return { w: { bias: out.slice(0, split), kernel: out.slice(split) } } as never;
    });
  return { hvp, params };
}

const lambdas = [-7, 5, 4.5, 3, 1, 0.5, 0.2, 0, -0.3, -1, 2, 0.8, -2.5, 1.5, 0.1, 0.05, -0.05, 0.7, 0.3, 0.25];
const sorted = [...lambdas].sort((a, b) => b - a);
const a = withEigenvalues(lambdas);
const trace = lambdas.reduce((x, y) => x + y, 0);

describe('topEigenvalues on a matrix with a negative dominant eigenvalue', () => {
  const { hvp, params } = asOperator(a);
  it.each(['lanczos', 'power', 'exact'] as const)('%s finds the three largest algebraic eigenvalues', (method) => {
    const before = tf.memory().numTensors;
    const r = topEigenvalues(hvp, params, { k: 3, method, iterations: method === 'power' ? 3000 : 40, tol: 1e-12 });
    expect(tf.memory().numTensors).toBe(before);
    r.eigenvalues.forEach((v, i) => expect(v).toBeCloseTo(sorted[i]!, method === 'power' ? 3 : 6));
  });
  it('returns unit eigenvectors with A·v = λ·v', () => {
    const r = topEigenvalues(hvp, params, { k: 2, vectors: true, iterations: 40 });
    for (let i = 0; i < 2; i++) {
      const v = r.eigenvectors![i]!;
      const av = hvp(v);
      const res = tf.tidy(() => tree.norm(tree.axpy(av, -r.eigenvalues[i]!, v)).dataSync()[0]!);
      expect(res).toBeLessThan(1e-4);
      expect(tree.norm(v).dataSync()[0]).toBeCloseTo(1, 5);
      tree.dispose(av, v);
    }
  });
  it('explains an impossible k, and refuses a dense Hessian of a big model', () => {
    expect(() => topEigenvalues(hvp, params, { k: 21 })).toThrow(/k ≤ 20/);
    const big = { w: tf.zeros([5000]) };
    expect(() => topEigenvalues((v) => v, big, { method: 'exact' })).toThrow(/topEigenvalues: the model has 5000 parameters.*use topEigenvalues \(Lanczos\), hutchinsonTrace or spectralDensity/);
    big.w.dispose();
  });
});

describe('traces', () => {
  const { hvp, params } = asOperator(a);
  it('exactTrace is the sum of the eigenvalues', () => {
    expect(exactTrace(hvp, params)).toBeCloseTo(trace, 4);
  });
  it('hutchinsonTrace is within four standard errors of the trace', () => {
    const r = hutchinsonTrace(hvp, params, { samples: 400, seed: 7 });
    expect(r.standardError).toBeGreaterThan(0);
    expect(Math.abs(r.trace - trace)).toBeLessThan(4 * r.standardError);
  });
  it('hutchinsonTrace with given probes is the mean of vᵀAv over them, by hand', () => {
    const n = a.length;
    const split = Math.floor(n / 3);
    const flat = [Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -1 : 1)), Array.from({ length: n }, (_, i) => (i < 7 ? 1 : -1))];
    const quad = (v: number[]) => v.reduce((s, vi, i) => s + vi * a[i]!.reduce((t, aij, j) => t + aij * v[j]!, 0), 0);
    const probes = flat.map((v) => ({ w: { bias: tf.tensor1d(v.slice(0, split)), kernel: tf.tensor1d(v.slice(split)) } }));
    const before = tf.memory().numTensors;
    const r = hutchinsonTrace(hvp, params, { probes });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.samples).toBe(2);
    expect(r.trace).toBeCloseTo((quad(flat[0]!) + quad(flat[1]!)) / 2, 4);
    expect(() => hutchinsonTrace(hvp, params, { probes: [] })).toThrow(/hutchinsonTrace\(probes\): expected a non-empty array/);
    expect(() => hutchinsonTrace(hvp, params, { probes: [{ w: { bias: tf.zeros([2]), kernel: tf.zeros([n - split]) } }] })).toThrow(/probes\[0\].*w\.bias has shape \[2\], expected \[6\]/);
    tree.dispose(probes);
  });
});

describe('spectralDensity (stochastic Lanczos quadrature)', () => {
  const { hvp, params } = asOperator(a);
  const d = spectralDensity(hvp, params, { iterations: 20, runs: 30, seed: 1 });
  it('integrates to 1', () => {
    const h = d.grid[1]! - d.grid[0]!;
    const integral = d.density.reduce((s, v, i) => s + (i === 0 || i === d.density.length - 1 ? v / 2 : v), 0) * h;
    expect(integral).toBeCloseTo(1, 3);
    d.weights.forEach((w) => expect(w.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 8));
  });
  it('has mean trace/n, within four standard errors over runs', () => {
    const h = d.grid[1]! - d.grid[0]!;
    const mean = d.density.reduce((s, v, i) => s + v * d.grid[i]!, 0) * h;
    const perRun = d.nodes.map((ns, r) => ns.reduce((s, x, j) => s + x * d.weights[r]![j]!, 0));
    const m = perRun.reduce((x, y) => x + y, 0) / perRun.length;
    const se = Math.sqrt(perRun.reduce((s, x) => s + (x - m) ** 2, 0) / (perRun.length - 1) / perRun.length);
    expect(mean).toBeCloseTo(m, 3);
    expect(Math.abs(m - trace / 20)).toBeLessThan(4 * se + 1e-9);
  });
  it('puts nodes on the extreme eigenvalues (the outliers)', () => {
    const nodes = d.nodes.flat();
    expect(Math.max(...nodes)).toBeCloseTo(5, 4);
    expect(Math.min(...nodes)).toBeCloseTo(-7, 4);
  });
});

describe('hessianAlignment', () => {
  it('is the Frobenius cosine of the two matrices (exact mode) and 1 for proportional ones', () => {
    const b = withEigenvalues(lambdas.map((l, i) => l + (i % 3)), 11);
    const A = asOperator(a);
    const B = asOperator(b);
    let ab = 0;
    let aa = 0;
    let bb = 0;
    a.forEach((row, i) => row.forEach((v, j) => ((ab += v * b[i]![j]!), (aa += v * v), (bb += b[i]![j]! ** 2))));
    expect(hessianAlignment(A.hvp, B.hvp, A.params, { samples: 'exact' })).toBeCloseTo(ab / Math.sqrt(aa * bb), 5);
    expect(hessianAlignment(A.hvp, A.hvp, A.params, { samples: 10 })).toBeCloseTo(1, 6);
  });
});

describe.each(['cpu', 'wasm'] as const)('the loss Hessian of a small tanh MLP on %s', (backend) => {
  afterAll(() => setBackend('cpu'));
  it('power iteration matches the exact top eigenvalue and the float64 reference', async () => {
    await setBackend(backend);
    const c = await loadCase('hessian-mlp-public');
    const { model, params } = specModel(c.model);
    const x = tf.tensor(c.inputs);
    const y = tf.tensor1d(c.labels, 'int32');
    const hvp = lossHvp({ model, params, loss: crossEntropy2, x, y });
    const before = tf.memory().numTensors;
    const exact = symmetricEigen(hessianMatrix(hvp, params)).values[0]!;
    const power = topEigenvalues(hvp, params, { method: 'power', iterations: 2000, tol: 1e-10 }).eigenvalues[0]!;
    const lanczos = topEigenvalues(hvp, params, { iterations: 51 }).eigenvalues[0]!;
    expect(tf.memory().numTensors).toBe(before);
    expect(power).toBeCloseTo(exact, 3);
    expect(lanczos).toBeCloseTo(exact, 4);
    expect(Math.abs(exact - c.expected.topEigenvalue)).toBeLessThan(1e-3);
    expect(exactTrace(hvp, params)).toBeCloseTo(c.expected.trace, 3);
    tree.dispose(params, x, y);
  });
  it('an HVP matches central finite differences of the gradient', async () => {
    await setBackend(backend);
    const c = await loadCase('hessian-mlp-public');
    const { model, params } = specModel(c.model);
    const x = tf.tensor(c.inputs);
    const y = tf.tensor1d(c.labels, 'int32');
    const v = tree.map(params, (p) => tf.randomNormal(p.shape, 0, 1, 'float32', 5));
    const hv = lossHvp({ model, params, loss: crossEntropy2, x, y })(v);
    const eps = 1e-2;
    const grad = (p: TensorTree) => {
      const { leaves, structure } = tree.flatten(p);
      return tree.unflatten(structure, tf.grads((...ls: tf.Tensor[]) => crossEntropy2(model.apply(tree.unflatten(structure, ls) as never, x), y))(leaves));
    };
    const gp = grad(tree.axpy(params, eps, v));
    const gm = grad(tree.axpy(params, -eps, v));
    const fd = tree.scale(tree.sub(gp, gm), 1 / (2 * eps));
    const err = tree.norm(tree.sub(hv, fd)).dataSync()[0]!;
    const size = tree.norm(fd).dataSync()[0]!;
    expect(err / size).toBeLessThan(backend === 'wasm' ? 2e-2 : 1e-2);
    tree.dispose(params, x, y, v, hv, gp, gm, fd);
  });
});
