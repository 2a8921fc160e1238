import { describe, expect, it } from 'vitest';
import { contourSegments } from './contours.js';

const linspace = (a: number, b: number, n: number) => Array.from({ length: n }, (_, k) => a + ((b - a) * k) / (n - 1));
const sample = (f: (x: number, y: number) => number, n: number, lo = -1, hi = 1) => {
  const xs = linspace(lo, hi, n);
  return { width: n, height: n, values: xs.flatMap((y) => xs.map((x) => f(x, y))) };
};

describe('contourSegments', () => {
  it('traces a linear function exactly (interpolation is exact for planes)', () => {
    // f = x + 2y; level 0.3 is the line x = 0.3 - 2y
    const segs = contourSegments(sample((x, y) => x + 2 * y, 11), [0.3], { x: [-1, 1], y: [-1, 1] });
    expect(segs.length).toBeGreaterThan(5);
    for (const s of segs) {
      expect(s.x1 + 2 * s.y1).toBeCloseTo(0.3, 10);
      expect(s.x2 + 2 * s.y2).toBeCloseTo(0.3, 10);
    }
  });

  it('traces a circle for x² + y² (within the grid spacing)', () => {
    const n = 41;
    const r = 0.51; // r² = 0.2601 falls on no grid vertex
    const segs = contourSegments(sample((x, y) => x * x + y * y, n), [r * r], { x: [-1, 1], y: [-1, 1] });
    const h = 2 / (n - 1);
    for (const s of segs) {
      for (const [x, y] of [[s.x1, s.y1], [s.x2, s.y2]]) expect(Math.abs(Math.hypot(x, y) - r)).toBeLessThan(h * h);
    }
    // a closed curve: every endpoint is shared by exactly two segments
    const key = (x: number, y: number) => `${x.toFixed(9)},${y.toFixed(9)}`;
    const degree = new Map<string, number>();
    for (const s of segs) for (const k of [key(s.x1, s.y1), key(s.x2, s.y2)]) degree.set(k, (degree.get(k) ?? 0) + 1);
    expect([...degree.values()].every((d) => d === 2)).toBe(true);
    // an inscribed polygon: its length is just under the circumference 2πr
    const length = segs.reduce((acc, s) => acc + Math.hypot(s.x2 - s.x1, s.y2 - s.y1), 0);
    expect(length).toBeGreaterThan(2 * Math.PI * r * 0.99);
    expect(length).toBeLessThan(2 * Math.PI * r);
  });

  it('places row 0 at the bottom of the extent', () => {
    // f = row index: level 0.5 crosses between rows 0 and 1, i.e. at y = y0 + 0.5·dy
    const grid = { width: 3, height: 3, values: [0, 0, 0, 1, 1, 1, 2, 2, 2] };
    const segs = contourSegments(grid, [0.5], { x: [0, 1], y: [10, 20] });
    expect(segs).toHaveLength(2);
    for (const s of segs) expect([s.y1, s.y2]).toEqual([12.5, 12.5]);
  });

  it('resolves saddles by the cell mean', () => {
    // a = c = 1 (above), b = d = 0: mean 0.5 ≥ 0.5 joins a and c, cutting off b and d
    const saddle = { width: 2, height: 2, values: [1, 0, 0, 1] };
    // corners: a=(0,0)=1, b=(0,1)=0, d=(1,0)=0, c=(1,1)=1
    const joined = contourSegments(saddle, [0.5]);
    expect(joined).toHaveLength(2);
    // the cut-off corners are b = (1, 0) and d = (0, 1): each segment is near one of them
    const centres = joined.map((s) => [(s.x1 + s.x2) / 2, (s.y1 + s.y2) / 2]);
    expect(centres).toEqual(expect.arrayContaining([[0.75, 0.25], [0.25, 0.75]]));
    const split = contourSegments(saddle, [0.6]); // mean 0.5 < 0.6: a and c stand alone
    const splitCentres = split.map((s) => [(s.x1 + s.x2) / 2, (s.y1 + s.y2) / 2]);
    expect(splitCentres).toEqual(expect.arrayContaining([[0.2, 0.2], [0.8, 0.8]]));
  });

  it('returns nothing for a level outside the range', () => {
    expect(contourSegments(sample((x) => x, 5), [3])).toEqual([]);
  });
});
