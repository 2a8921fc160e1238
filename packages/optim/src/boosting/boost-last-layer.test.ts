import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend, tf, tree } from '@gradbook/core';
import type { Tensor2D } from '@gradbook/core';
import { applyMergedLayer, boostLastLayer } from '../index.js';

describe('gradient-boosted last layer', () => {
  beforeAll(async () => {
    await setBackend('wasm');
  });

  it('regression: the merged layer equals F₀ + ν·Σ blocks, and the training loss falls block by block', async () => {
    const n = 64;
    const xs = Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
    const X = tf.tensor2d(xs.map((x) => [x, x * x]));
    const Y = tf.tensor2d(xs.map((x) => [Math.sin(3 * x), Math.cos(2 * x)]));
    const before = tf.memory().numTensors;
    const r = boostLastLayer(X as Tensor2D, Y as Tensor2D, { blocks: 5, units: 3, shrinkage: 0.5, steps: 150, seed: 1 });
    expect(r.layer.hidden.kernel.shape).toEqual([2, 15]);
    expect(r.layer.output.kernel.shape).toEqual([15, 2]);
    // sum of the blocks, computed block by block with plain ops
    const sum = tf.tidy(() => {
      let F = tf.add(tf.zeros([n, 2]), r.init);
      for (const b of r.blocks) F = tf.add(F, tf.mul(tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(X, b.kernel), b.bias)), b.outKernel), b.outBias), 0.5));
      return F;
    });
    const merged = applyMergedLayer(r.layer, X as Tensor2D);
    const a = await sum.data();
    const m = await merged.data();
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - m[i]!)).toBeLessThan(1e-5);
    // the reported loss is the MSE of the merged layer
    const mse = Array.from(m).reduce((s: number, v: number, i: number) => s + (v - (i % 2 === 0 ? Math.sin(3 * xs[i >> 1]!) : Math.cos(2 * xs[i >> 1]!))) ** 2, 0) / m.length;
    expect(r.losses[r.losses.length - 1]).toBeCloseTo(mse, 4);
    for (let t = 1; t < r.losses.length; t++) expect(r.losses[t]!).toBeLessThan(r.losses[t - 1]!);
    expect(r.losses[5]!).toBeLessThan(0.2 * r.losses[0]!);
    tree.dispose(sum, merged, r);
    expect(tf.memory().numTensors).toBe(before);
    tree.dispose(X, Y);
  });

  it('classification: cross-entropy pseudo-residuals lower the loss below the prior', async () => {
    const n = 60;
    const pts = Array.from({ length: n }, (_, i) => [Math.cos(i) * (1 + (i % 3)), Math.sin(i * 1.3) * (1 + (i % 3))]);
    const labels = pts.map(([x, y]) => (x! * y! > 0 ? 0 : 1));
    const X = tf.tensor2d(pts) as Tensor2D;
    const Y = tf.oneHot(tf.tensor1d(labels, 'int32'), 2).toFloat() as Tensor2D;
    const r = boostLastLayer(X, Y, { blocks: 4, units: 4, loss: 'cross-entropy', steps: 150, seed: 2 });
    for (let t = 1; t < r.losses.length; t++) expect(r.losses[t]!).toBeLessThan(r.losses[t - 1]!);
    expect(r.losses[4]!).toBeLessThan(0.8 * r.losses[0]!);
    tree.dispose(r, X, Y);
  });

  it('refuses mismatched features and targets', () => {
    const X = tf.zeros([4, 2]) as Tensor2D;
    const Y = tf.zeros([5, 1]) as Tensor2D;
    expect(() => boostLastLayer(X, Y)).toThrow(/features must be \[n, d\] and targets \[n, k\] with the same n; received \[4, 2\] and \[5, 1\]/);
    tree.dispose(X, Y);
  });
});
