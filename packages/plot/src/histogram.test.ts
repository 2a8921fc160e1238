import { describe, expect, it } from 'vitest';
import { binValues, histogram } from './histogram.js';

const data = (s: unknown) => (s as { data: { values: { x0: number; x1: number; y: number }[] } }).data.values;

describe('binValues', () => {
  it('counts by hand: equal widths, the last bin closed', () => {
    // range [0, 4], width 1: [0,1) → 0, 0.5; [1,2) → 1; [2,3) → none; [3,4] → 3, 4
    expect(binValues([0, 0.5, 1, 3, 4], 4)).toEqual([
      { x0: 0, x1: 1, y: 2 },
      { x0: 1, x1: 2, y: 1 },
      { x0: 2, x1: 3, y: 0 },
      { x0: 3, x1: 4, y: 2 },
    ]);
  });

  it('leaves out values outside an explicit extent and widens a constant sample', () => {
    expect(binValues([-5, 0.5, 1.5, 9], 2, [0, 2]).map((b) => b.y)).toEqual([1, 1]);
    expect(binValues([3, 3, 3], 1)).toEqual([{ x0: 2.5, x1: 3.5, y: 3 }]);
  });
});

describe('histogram', () => {
  const values = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 2);

  it('counts every value once', () => {
    expect(data(histogram(values, { bins: 17 })).reduce((s, b) => s + b.y, 0)).toBe(1000);
    expect(data(histogram(values))).toHaveLength(30);
  });

  it('normalizes to probabilities (sum 1) or a density (integral 1)', () => {
    const p = data(histogram(values, { bins: 8, normalize: 'probability' }));
    expect(p.reduce((s, b) => s + b.y, 0)).toBeCloseTo(1, 4);
    const d = data(histogram(values, { bins: 8, normalize: 'density' }));
    expect(d.reduce((s, b) => s + b.y * (b.x1 - b.x0), 0)).toBeCloseTo(1, 4);
  });

  it('explains bad input', () => {
    expect(() => histogram([])).toThrow('histogram: values is empty; pass at least one number');
    expect(() => histogram([1, NaN])).toThrow(/^histogram: values\[1\] is NaN, expected a finite number/);
    expect(() => histogram([1], { bins: 0 })).toThrow(/bins must be a positive integer/);
    expect(() => histogram([1], { extent: [2, 1] })).toThrow(/extent must be \[low, high\]/);
  });
});
