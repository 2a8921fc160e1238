import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend, tf, tree } from '@gradbook/core';
import type { Scalar, Tensor } from '@gradbook/core';
import { adam, applyUpdates, zerothOrderValueAndGrad } from '../index.js';

// f(w) = Σ dᵢ (wᵢ − cᵢ)², ∇f = 2 d ⊙ (w − c)
const d = [1, 3, 0.5, 2];
const c = [0.5, -1, 2, 0];
const f = (p: { w: Tensor }): Scalar => tf.tidy(() => tf.sum(tf.mul(tf.tensor1d(d), tf.square(tf.sub(p.w, tf.tensor1d(c))))) as Scalar);

describe('zeroth-order gradient estimator', () => {
  beforeAll(async () => {
    await setBackend('cpu');
  });

  it('approaches the true gradient as the number of directions grows (quadratic, where the two-point difference is exact)', async () => {
    const w = [0.1, 0.2, -0.3, 1];
    const truth = w.map((x, i) => 2 * d[i]! * (x - c[i]!));
    const params = { w: tf.tensor1d(w) };
    const before = tf.memory().numTensors;
    const err = async (samples: number) => {
      const { value, grads } = zerothOrderValueAndGrad(f, { samples, seed: 3 })(params);
      const g = Array.from(await grads.w.data());
      expect((await value.data())[0]).toBeCloseTo(w.reduce((s, x, i) => s + d[i]! * (x - c[i]!) ** 2, 0), 4);
      tree.dispose(value, grads);
      return Math.hypot(...g.map((x, i) => x - truth[i]!)) / Math.hypot(...truth);
    };
    const coarse = await err(10);
    const fine = await err(2000);
    expect(fine).toBeLessThan(0.1);
    expect(fine).toBeLessThan(coarse);
    expect(tf.memory().numTensors).toBe(before);
    tree.dispose(params);
  });

  it('stands in for autodiff: Adam on zeroth-order gradients reaches the quadratic minimum', async () => {
    const vg = zerothOrderValueAndGrad(f, { samples: 8, seed: 1 });
    const opt = adam({ learningRate: 0.05 });
    let params = { w: tf.zeros([4]) as Tensor };
    let state = opt.init(params);
    for (let i = 0; i < 400; i++) {
      const { value, grads } = vg(params);
      const { updates, state: next } = opt.update(grads, state, params);
      const np = applyUpdates(params, updates);
      tree.dispose(value, grads, updates, params);
      tree.disposeReplaced(state, next);
      state = next;
      params = np;
    }
    const w = Array.from(await params.w.data());
    w.forEach((x, i) => expect(Math.abs(x - c[i]!)).toBeLessThan(0.05));
    tree.dispose(params, state);
  });

  it('refuses a non-positive radius or sample count', () => {
    expect(() => zerothOrderValueAndGrad(f, { mu: 0 })).toThrow(/mu must be a finite number > 0/);
    expect(() => zerothOrderValueAndGrad(f, { samples: 0 })).toThrow(/samples must be a positive integer/);
  });
});
