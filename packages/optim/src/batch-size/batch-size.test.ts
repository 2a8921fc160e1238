import { beforeAll, describe, expect, it } from 'vitest';
import { GradbookError, setBackend, tf, tree } from '@gradbook/core';
import { augmentedInnerProductTest, batchSizeController, batchStatistics, normTest } from '../index.js';

/** Statistics written out on plain arrays (rows = examples), independently of the tensor code. */
function reference(rows: number[][]) {
  const b = rows.length;
  const p = rows[0]!.length;
  const mean = Array.from({ length: p }, (_, j) => rows.reduce((s, r) => s + r[j]!, 0) / b);
  const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i]!, 0);
  const m2 = dot(mean, mean);
  const variance = rows.reduce((s, r) => s + r.reduce((t, v, j) => t + (v - mean[j]!) ** 2, 0), 0) / (b - 1);
  const ipv = rows.reduce((s, r) => s + (dot(r, mean) - m2) ** 2, 0) / (b - 1);
  const ov = rows.reduce((s, r) => {
    const c = dot(r, mean) / m2;
    return s + r.reduce((t, v, j) => t + (v - c * mean[j]!) ** 2, 0);
  }, 0) / (b - 1);
  return { b, m2, variance, ipv, ov };
}

const rows = [
  [1.0, 2.0, -0.5, 0.3, 0.1],
  [0.8, 1.5, -0.2, 0.1, 0.4],
  [1.4, 2.6, -0.9, 0.2, -0.3],
  [0.9, 1.7, -0.4, 0.5, 0.0],
];

describe('adaptive batch size (AdAdaGrad tests)', () => {
  beforeAll(async () => {
    await setBackend('wasm');
  });

  it('batchStatistics matches the formulas on a tree with a leading batch dimension', () => {
    const per = { dense: { kernel: tf.tensor3d(rows.flatMap((r) => r.slice(0, 4)), [4, 2, 2]), bias: tf.tensor2d(rows.map((r) => r.slice(4)), [4, 1]) } };
    // tree order is bias, kernel: reorder the reference columns the same way
    const ref = reference(rows.map((r) => [r[4]!, ...r.slice(0, 4)]));
    const before = tf.memory().numTensors;
    const s = batchStatistics(per);
    expect(tf.memory().numTensors).toBe(before);
    expect(s.batchSize).toBe(4);
    expect(s.meanNormSq).toBeCloseTo(ref.m2, 4);
    expect(s.variance).toBeCloseTo(ref.variance, 4);
    expect(s.innerProductVariance).toBeCloseTo(ref.ipv, 4);
    expect(s.orthogonalVariance).toBeCloseTo(ref.ov, 4);
    tree.dispose(per);
  });

  it('the norm test passes iff Var/b ≤ η²‖ḡ‖² and asks for ⌈Var/(η²‖ḡ‖²)⌉', () => {
    const ref = reference(rows);
    const stats = { batchSize: 4, meanNormSq: ref.m2, variance: ref.variance, innerProductVariance: ref.ipv, orthogonalVariance: ref.ov };
    const eta = 0.2;
    const needed = ref.variance / (eta * eta * ref.m2);
    const d = normTest(stats, { eta });
    expect(d.nextBatchSize).toBe(Math.ceil(needed));
    expect(d.pass).toBe(needed <= 4);
    expect(normTest(stats, { eta: 10 }).pass).toBe(true);
    expect(normTest(stats, { eta: 0.01 }).pass).toBe(false);
  });

  it('the augmented inner-product test takes the larger of its two requirements', () => {
    const ref = reference(rows);
    const stats = { batchSize: 4, meanNormSq: ref.m2, variance: ref.variance, innerProductVariance: ref.ipv, orthogonalVariance: ref.ov };
    const d = augmentedInnerProductTest(stats, { theta: 0.1, nu: 0.1 });
    const ip = ref.ipv / (0.01 * ref.m2 * ref.m2);
    const orth = ref.ov / (0.01 * ref.m2);
    expect(d.nextBatchSize).toBe(Math.ceil(Math.max(ip, orth)));
    expect(d.pass).toBe(Math.max(ip, orth) <= 4);
  });

  it('the controller grows the batch on noisy gradients, never shrinks it, and respects max', () => {
    const ctl = batchSizeController({ initial: 8, max: 100, eta: 0.5 });
    expect(ctl.next()).toBe(8);
    // noisy: mean (1, 0), per-example noise ±3 → Var = 2·9·8/7, needs ≈ 82 examples
    const noisy = tf.tensor2d(Array.from({ length: 8 }, (_, i) => [1 + (i % 2 ? 3 : -3), i < 4 ? 3 : -3]));
    const d = ctl.observe({ g: noisy });
    expect(d.pass).toBe(false);
    const want = Math.ceil(((9 + 9) * 8) / 7 / (0.25 * 1));
    expect(ctl.batchSize).toBe(Math.min(100, want));
    // quiet gradients pass and keep the size
    const quiet = tf.tensor2d(Array.from({ length: 8 }, (_, i) => [1 + (i % 2 ? 1e-3 : -1e-3), 0]));
    expect(ctl.observe({ g: quiet }).pass).toBe(true);
    expect(ctl.batchSize).toBe(Math.min(100, want));
    tree.dispose(noisy, quiet);
  });

  it('refuses a batch of one and bad options', () => {
    const one = { g: tf.ones([1, 3]) };
    expect(() => batchStatistics(one)).toThrow(/at least 2 examples/);
    expect(() => batchSizeController({ initial: 10, max: 5 })).toThrow(GradbookError);
    expect(() => normTest({ batchSize: 2, meanNormSq: 1, variance: 1, innerProductVariance: 1, orthogonalVariance: 1 }, { eta: -1 })).toThrow(/eta must be a finite number > 0/);
    tree.dispose(one);
  });
});
