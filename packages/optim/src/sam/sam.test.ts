import { beforeAll, describe, expect, it } from 'vitest';
import { GradbookError, setBackend, tf, tree } from '@gradbook/core';
import type { Scalar, Tensor } from '@gradbook/core';
import { momentum, sam, samGradient } from '../index.js';

// L(w) = ½ wᵀAw − bᵀw with a fixed SPD A: ∇L = Aw − b.
const A = [
  [2, 0.5],
  [0.5, 1],
];
const b = [1, -1];
const gradAt = (w: number[]) => A.map((row, i) => row[0]! * w[0]! + row[1]! * w[1]! - b[i]!);
const loss = (p: { w: Tensor }): Scalar =>
  tf.tidy(() => {
    const Aw = tf.matMul(tf.tensor2d(A), p.w.reshape([2, 1])).reshape([2]);
    return tf.sub(tf.mul(0.5, tf.sum(tf.mul(p.w, Aw))), tf.sum(tf.mul(tf.tensor1d(b), p.w))) as Scalar;
  });

describe.each(['cpu', 'wasm'])('samGradient on %s', (backend) => {
  beforeAll(async () => {
    await setBackend(backend as 'cpu' | 'wasm');
  });

  it('is the gradient at w + ρ·g/‖g‖ (hand-computed on a quadratic)', async () => {
    const w = [0.3, -0.7];
    const g = gradAt(w);
    const n = Math.hypot(...g);
    const want = gradAt(w.map((x, i) => x + (0.1 * g[i]!) / n));
    const params = { w: tf.tensor1d(w) };
    const before = tf.memory().numTensors;
    const { value, grads } = samGradient(loss, params, { rho: 0.1 });
    const got = Array.from(await grads.w.data());
    want.forEach((x, i) => expect(got[i]).toBeCloseTo(x, 5));
    // value is the loss at w itself
    const Lw = 0.5 * (w[0]! * (A[0]![0]! * w[0]! + A[0]![1]! * w[1]!) + w[1]! * (A[1]![0]! * w[0]! + A[1]![1]! * w[1]!)) - (b[0]! * w[0]! + b[1]! * w[1]!);
    expect((await value.data())[0]).toBeCloseTo(Lw, 5);
    tree.dispose(value, grads);
    expect(tf.memory().numTensors).toBe(before);
    tree.dispose(params);
  });

  it('adaptive (ASAM) perturbs by ρ·T²g/‖Tg‖ with T = |w| + η', async () => {
    const w = [0.3, -2];
    const eta = 0.01;
    const g = gradAt(w);
    const T = w.map((x) => Math.abs(x) + eta);
    const n = Math.hypot(...g.map((x, i) => T[i]! * x));
    const want = gradAt(w.map((x, i) => x + (0.2 * T[i]! * T[i]! * g[i]!) / n));
    const params = { w: tf.tensor1d(w) };
    const { value, grads } = samGradient(loss, params, { rho: 0.2, adaptive: true, eta });
    const got = Array.from(await grads.w.data());
    want.forEach((x, i) => expect(got[i]).toBeCloseTo(x, 5));
    tree.dispose(value, grads, params);
  });
});

describe('sam optimizer', () => {
  it('wraps a base optimizer: a step with momentum lowers the loss and frees its temporaries', async () => {
    await setBackend('cpu');
    const opt = sam({ base: momentum({ learningRate: 0.1, momentum: 0.5 }), rho: 0.05 });
    let params = { w: tf.tensor1d([2, 2]) };
    let state = opt.init(params);
    const first = (await loss(params).data())[0]!;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) {
      const r = opt.step(loss, params, state);
      tree.dispose(r.value, params);
      tree.disposeReplaced(state, r.state);
      params = r.params;
      state = r.state;
    }
    expect(tf.memory().numTensors).toBe(before);
    const last = (await loss(params).data())[0]!;
    // the minimum of the quadratic is A⁻¹b = (6/7·... ) with L* = −½ bᵀA⁻¹b = −1.5714…
    expect(last).toBeLessThan(first);
    expect(last).toBeCloseTo(-0.5 * (1 * (1 + 0.5) / 1.75 + -1 * (-2 - 0.5) / 1.75), 2);
    tree.dispose(params, state);
  });

  it('refuses a non-positive radius and a loss that is not a function', () => {
    expect(() => sam({ rho: 0 })).toThrow(/sam: rho must be a finite number > 0, received 0/);
    const p = { w: tf.ones([2]) };
    expect(() => samGradient(42 as never, p)).toThrow(GradbookError);
    tree.dispose(p);
  });
});
