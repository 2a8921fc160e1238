import { describe, expect, it } from 'vitest';
import { spread, wilsonInterval } from './statistics.js';

describe('wilsonInterval', () => {
  // Reference values from the closed form, evaluated independently in Python (float64).
  it.each([
    [9, 10, 0.5958499, 0.9821238],
    [10, 10, 0.7224672, 1],
    [0, 10, 0, 0.2775328],
    [5, 10, 0.2365931, 0.7634069],
    [1, 3, 0.0614919, 0.7923404],
  ])('%i of %i lies in [%f, %f]', (k, n, low, high) => {
    const r = wilsonInterval(k, n);
    expect(r.fraction).toBeCloseTo(k / n, 12);
    expect(r.low).toBeCloseTo(low, 6);
    expect(r.high).toBeCloseTo(high, 6);
  });
  it('is [0, 1] with no trials', () => {
    expect(wilsonInterval(0, 0)).toMatchObject({ low: 0, high: 1 });
  });
  it('narrows as trials grow at the same fraction', () => {
    const a = wilsonInterval(9, 10);
    const b = wilsonInterval(90, 100);
    expect(b.high - b.low).toBeLessThan(a.high - a.low);
  });
  it('refuses k > n and fractions', () => {
    expect(() => wilsonInterval(3, 2)).toThrow(/0 ≤ k ≤ n, received k = 3, n = 2/);
    expect(() => wilsonInterval(0.5, 2)).toThrow(RangeError);
  });
});

describe('spread', () => {
  it('gives mean, sample sd, min and max', () => {
    const s = spread([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.mean).toBe(5);
    expect(s.sd).toBeCloseTo(2.1380899, 6);
    expect([s.min, s.max, s.n]).toEqual([2, 9, 8]);
  });
  it('skips what is not a finite number', () => {
    expect(spread([1, null, 'x', NaN, 3])).toMatchObject({ n: 2, mean: 2 });
  });
  it('is 0 for one value and NaN for none', () => {
    expect(spread([3]).sd).toBe(0);
    expect(Number.isNaN(spread([]).mean)).toBe(true);
  });
});
