import { describe, expect, it } from 'vitest';
import { intrinsicDimension } from './intrinsic-dimension.js';

/** A made-up accuracy curve rising with d: 0.1 + 0.88·(1 − e^(−d/300)). */
const curve = (d: number) => 0.1 + 0.88 * (1 - Math.exp(-d / 300));

describe('intrinsicDimension', () => {
  const dims = [50, 100, 200, 400, 600, 800, 1000, 1500, 2000];
  it('bisection finds the smallest candidate reaching 90 % of the full accuracy, trying few', async () => {
    const tried: number[] = [];
    const r = await intrinsicDimension({ dims, fullAccuracy: 0.98, accuracyAt: (d) => (tried.push(d), curve(d)) });
    // 0.9·0.98 = 0.882: curve(600) = 0.861, curve(800) = 0.918
    expect(r.threshold).toBeCloseTo(0.882, 10);
    expect(r.dim).toBe(800);
    expect(tried.length).toBeLessThanOrEqual(4);
    expect(r.trials.map((t) => t.dim)).toEqual([...tried].sort((a, b) => a - b));
  });
  it('a sweep tries every candidate and agrees; another fraction moves the answer', async () => {
    const r = await intrinsicDimension({ dims: [...dims].reverse(), fullAccuracy: 0.98, accuracyAt: curve, strategy: 'sweep' });
    expect(r.dim).toBe(800);
    expect(r.trials.map((t) => t.dim)).toEqual(dims);
    const half = await intrinsicDimension({ dims, fullAccuracy: 0.98, fraction: 0.5, accuracyAt: curve });
    expect(half.dim).toBe(200);
  });
  it('says undefined when no candidate reaches the threshold, and checks its arguments', async () => {
    expect((await intrinsicDimension({ dims: [10, 20], fullAccuracy: 0.98, accuracyAt: curve })).dim).toBeUndefined();
    await expect(intrinsicDimension({ dims: [], fullAccuracy: 1, accuracyAt: curve })).rejects.toThrow(/intrinsicDimension\(dims\): expected a non-empty list/);
    await expect(intrinsicDimension({ dims: [1], fullAccuracy: 1, accuracyAt: () => NaN })).rejects.toThrow(/returned NaN for dim 1/);
    await expect(intrinsicDimension({ dims: [1], fullAccuracy: 0, accuracyAt: curve })).rejects.toThrow(/fullAccuracy/);
    const c = new AbortController();
    c.abort(new Error('stop'));
    await expect(intrinsicDimension({ dims: [1], fullAccuracy: 1, accuracyAt: curve, signal: c.signal })).rejects.toThrow(/stop/);
  });
});
