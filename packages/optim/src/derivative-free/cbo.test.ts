import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend, tf, tree, valueAndGrad } from '@gradbook/core';
import type { Scalar, Tensor, Tensor1D, Tensor2D } from '@gradbook/core';
import { applyUpdates, cbo, consensusPoint, sgd } from '../index.js';

/** Rastrigin in 2-D, batched: 20 + Σ (x² − 10 cos 2πx); global minimum 0 at the origin. */
const rastrigin = (X: Tensor2D): Tensor1D => tf.tidy(() => tf.add(20, tf.sum(tf.sub(tf.square(X), tf.mul(10, tf.cos(tf.mul(2 * Math.PI, X)))), 1)) as Tensor1D);
const start = [2.2, -3.1];

describe('consensus-based optimisation', () => {
  beforeAll(async () => {
    await setBackend('wasm');
  });

  it('the consensus point is the exp(−αf)-weighted mean (hand-computed for three particles)', async () => {
    const X = tf.tensor2d([[0, 0], [1, 0], [0, 2]]);
    const f = (P: Tensor2D) => tf.tidy(() => tf.sum(P, 1) as Tensor1D); // values 0, 1, 2
    const { consensus, values } = consensusPoint(f, X, 1);
    const w = [1, Math.exp(-1), Math.exp(-2)];
    const s = w[0]! + w[1]! + w[2]!;
    const got = Array.from(await consensus.data());
    expect(got[0]).toBeCloseTo(w[1]! / s, 5);
    expect(got[1]).toBeCloseTo((2 * w[2]!) / s, 5);
    tree.dispose(X, consensus, values);
  });

  it('finds the global minimum of 2-D Rastrigin where gradient descent from the same start gets stuck', async () => {
    // gradient descent from the start point: a local minimum near (2, −3)
    let params: { w: Tensor } = { w: tf.tensor1d(start) };
    const f = (p: { w: Tensor }) => tf.tidy(() => rastrigin(p.w.reshape([1, 2]) as Tensor2D).sum() as Scalar);
    const opt = sgd({ learningRate: 0.002 });
    let state = opt.init(params);
    for (let i = 0; i < 500; i++) {
      const { value, grads } = valueAndGrad(f)(params);
      const { updates, state: next } = opt.update(grads, state, params);
      const np = applyUpdates(params, updates);
      tree.dispose(value, grads, updates, params);
      state = next;
      params = np;
    }
    const gd = Array.from(await params.w.data());
    const gdValue = (await f(params).data())[0]!;
    expect(Math.hypot(gd[0]! - 2, gd[1]! + 3)).toBeLessThan(0.1);
    expect(gdValue).toBeGreaterThan(12);

    // CBO with particles spread around the same start
    const before = tf.memory().numTensors;
    const X0 = tf.tidy(() => tf.add(tf.tensor1d(start), tf.randomNormal([200, 2], 0, 3, 'float32', 11)) as Tensor2D);
    const { consensus, particles } = cbo(rastrigin, X0, { steps: 400, alpha: 30, sigma: 1, dt: 0.05, seed: 5 });
    const m = Array.from(await consensus.data());
    expect(Math.hypot(m[0]!, m[1]!)).toBeLessThan(0.05);
    tree.dispose(X0, consensus, particles);
    expect(tf.memory().numTensors).toBe(before);
    tree.dispose(params, state);
  });
});
