import { beforeAll, describe, expect, it } from 'vitest';
import { GradbookError, setBackend, tf, tree } from '@gradbook/core';
import type { Tensor } from '@gradbook/core';
import { linearScalarization, mgda, minNormWeights } from '../index.js';
import { frankWolfe } from './min-norm-weights.js';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}
const dotv = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const combo = (gs: number[][], w: number[]) => gs[0]!.map((_, j) => gs.reduce((s, g, i) => s + w[i]! * g[j]!, 0));
const toTree = (g: number[]) => ({ layer: { kernel: tf.tensor2d(g.slice(0, 4), [2, 2]), bias: tf.tensor1d(g.slice(4)) } });
const flat = async (t: { layer: { kernel: Tensor; bias: Tensor } }) => [...(await t.layer.kernel.data()), ...(await t.layer.bias.data())];

describe('mgda', () => {
  beforeAll(async () => {
    await setBackend('cpu');
  });

  it('two objectives: the weight minimises ‖γg1 + (1−γ)g2‖² over a fine grid', async () => {
    const r = rng(1);
    for (let trial = 0; trial < 5; trial++) {
      const gs = [0, 1].map(() => Array.from({ length: 6 }, r));
      const trees = gs.map(toTree);
      const [gamma] = minNormWeights(trees);
      let best = 0;
      let bestVal = Infinity;
      for (let k = 0; k <= 10000; k++) {
        const c = combo(gs, [k / 10000, 1 - k / 10000]);
        if (dotv(c, c) < bestVal) [best, bestVal] = [k / 10000, dotv(c, c)];
      }
      expect(Math.abs(gamma! - best)).toBeLessThan(2e-4);
      tree.dispose(trees);
    }
  });

  it('three objectives: Frank–Wolfe reaches the min-norm point of a grid search over the simplex', async () => {
    const r = rng(7);
    const gs = [0, 1, 2].map(() => Array.from({ length: 6 }, r));
    const trees = gs.map(toTree);
    const w = minNormWeights(trees, { maxIterations: 5000 });
    expect(w.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    w.forEach((x) => expect(x).toBeGreaterThanOrEqual(0));
    const c = combo(gs, w);
    let bestVal = Infinity;
    const N = 400;
    for (let i = 0; i <= N; i++)
      for (let j = 0; i + j <= N; j++) {
        const v = combo(gs, [i / N, j / N, (N - i - j) / N]);
        bestVal = Math.min(bestVal, dotv(v, v));
      }
    expect(dotv(c, c)).toBeLessThanOrEqual(bestVal + 1e-5);
    tree.dispose(trees);
  });

  it('Frank–Wolfe on two objectives agrees with the closed form', () => {
    const gram = [
      [2, 0.3],
      [0.3, 1],
    ];
    const [g] = frankWolfe(gram, 2000, 1e-14);
    expect(g).toBeCloseTo((1 - 0.3) / (2 - 0.6 + 1), 8);
  });

  it('its direction never increases any objective to first order: d·gᵢ ≥ ‖d‖² ≥ 0', async () => {
    const r = rng(3);
    for (let trial = 0; trial < 10; trial++) {
      const k = 2 + (trial % 3);
      const gs = Array.from({ length: k }, () => Array.from({ length: 6 }, r));
      const trees = gs.map(toTree);
      const before = tf.memory().numTensors;
      const { direction } = mgda(trees, { maxIterations: 3000 });
      const d = await flat(direction);
      tree.dispose(direction);
      expect(tf.memory().numTensors).toBe(before);
      for (const g of gs) {
        expect(dotv(d, g)).toBeGreaterThanOrEqual(0);
        expect(dotv(d, g)).toBeGreaterThanOrEqual(dotv(d, d) - 1e-3);
      }
      tree.dispose(trees);
    }
  });

  it('linear scalarisation is the weighted sum, and can increase an objective where MGDA does not', async () => {
    // g1 and g2 nearly opposed, g2 much larger: the average points against g1.
    const g1 = [1, 0, 0, 0, 0, 0];
    const g2 = [-3, 0.2, 0, 0, 0, 0];
    const t1 = toTree(g1);
    const t2 = toTree(g2);
    const avg = linearScalarization([t1, t2]);
    const a = await flat(avg);
    combo([g1, g2], [0.5, 0.5]).forEach((x, i) => expect(a[i]).toBeCloseTo(x, 6));
    expect(dotv(a, g1)).toBeLessThan(0); // stepping along −avg increases L1
    const { direction } = mgda([t1, t2]);
    const d = await flat(direction);
    expect(dotv(d, g1)).toBeGreaterThanOrEqual(0);
    expect(dotv(d, g2)).toBeGreaterThanOrEqual(0);
    tree.dispose(t1, t2, avg, direction);
  });

  it('refuses gradients of different trees and wrong weights', () => {
    const a = { w: tf.ones([2]) };
    const b = { w: tf.ones([3]) };
    expect(() => mgda([a, b])).toThrow(/grads\[1\] leaf w has shape \[3\] but grads\[0\] has \[2\]/);
    expect(() => linearScalarization([a, a], [1])).toThrow(/weights has 1 entries but there are 2 gradients/);
    expect(() => minNormWeights([])).toThrow(GradbookError);
    tree.dispose(a, b);
  });
});
