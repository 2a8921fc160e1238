import { describe, expect, it } from 'vitest';
import { contourSegments } from './contours.js';
import { lossLandscape } from './loss-landscape.js';

type Layer = { data: { values: Record<string, number | string>[] }; mark: { type: string }; encoding: Record<string, { scale?: Record<string, unknown> }> };
const layers = (s: unknown) => (s as { layer: Layer[] }).layer;
const linspace = (a: number, b: number, n: number) => Array.from({ length: n }, (_, k) => a + ((b - a) * k) / (n - 1));
const xs = linspace(-1, 1, 9);
const bowl = xs.map((y) => xs.map((x) => x * x + y * y + 0.01));
const extent = { x: [-1, 1], y: [-1, 1] } as const;

describe('lossLandscape', () => {
  it('draws 10 evenly spaced contour levels by default', () => {
    const [, rules] = layers(lossLandscape({ grid: bowl, extent }));
    const levels = [...new Set(rules.data.values.map((s) => s.level as number))].sort((a, b) => a - b);
    // range [0.01, 2.01]: levels 0.01 + 2k/11, k = 1..10 (all cross the bowl)
    expect(levels).toHaveLength(10);
    levels.forEach((l, k) => expect(l).toBeCloseTo(0.01 + (2 * (k + 1)) / 11, 5));
  });

  it('spaces levels geometrically on a log colour scale', () => {
    const [cells, rules] = layers(lossLandscape({ grid: bowl, extent }, { logColor: true, levels: 3 }));
    const levels = [...new Set(rules.data.values.map((s) => s.level as number))].sort((a, b) => a - b);
    const ratio = Math.pow(2.01 / 0.01, 1 / 4);
    levels.forEach((l, k) => expect(l).toBeCloseTo(0.01 * Math.pow(ratio, k + 1), 4));
    expect(cells.encoding.color.scale).toMatchObject({ type: 'log' });
    expect(() => lossLandscape({ grid: [[0, 1], [1, 2]] }, { logColor: true })).toThrow(/logColor needs positive losses, but the grid's smallest value is 0/);
  });

  it('draws exactly the given levels with every segment marching squares finds', () => {
    const [, rules] = layers(lossLandscape({ grid: bowl, extent }, { levels: [0.5] }));
    expect(rules.data.values).toHaveLength(contourSegments({ width: 9, height: 9, values: bowl.flat() }, [0.5], extent).length);
  });

  it('draws each trajectory in step order with its start and end', () => {
    const l = layers(lossLandscape({ grid: bowl, extent, trajectories: [{ name: 'gd', points: [[1, 1], [0.5, 0.5], [0, 0]] }] }, { levels: 0 }));
    expect(l.map((x) => x.mark.type)).toEqual(['rect', 'line', 'point']);
    expect(l[1].data.values).toEqual([
      { name: 'gd', k: 0, x: 1, y: 1 },
      { name: 'gd', k: 1, x: 0.5, y: 0.5 },
      { name: 'gd', k: 2, x: 0, y: 0 },
    ]);
    expect(l[2].data.values).toEqual([{ name: 'gd', end: 'start', x: 1, y: 1 }, { name: 'gd', end: 'end', x: 0, y: 0 }]);
  });

  it('names a bad trajectory point', () => {
    expect(() => lossLandscape({ grid: bowl, trajectories: [{ name: 'adam', points: [[0, 0], [NaN, 1]] }] })).toThrow(
      /^lossLandscape: trajectories\[0\] \("adam"\) point 1 is an array of length 2, expected a finite \[x, y\] pair/,
    );
    expect(() => lossLandscape({ grid: bowl, trajectories: [{ name: 'adam', points: [] }] })).toThrow(/at least one point/);
    expect(() => lossLandscape({ grid: bowl }, { levels: -1 })).toThrow(/levels must be a non-negative integer/);
  });
});
