import { describe, expect, it } from 'vitest';
import { decisionBoundary } from './decision-boundary.js';

type Layer = { data: { values: Record<string, number | string>[] }; mark: { type: string }; encoding: Record<string, { scale?: Record<string, unknown> }> };
const layers = (s: unknown) => (s as { layer: Layer[] }).layer;
const linspace = (a: number, b: number, n: number) => Array.from({ length: n }, (_, k) => a + ((b - a) * k) / (n - 1));

describe('decisionBoundary', () => {
  const xs = linspace(-1, 1, 6);
  // P(class 1) = (x + 1) / 2, linear in x: the 0.5 boundary is the line x = 0 exactly
  const grid = xs.map(() => xs.map((x) => (x + 1) / 2));

  it('centres each cell on its sample, rows going up in y', () => {
    const [cells] = layers(decisionBoundary({ grid, extent: { x: [-1, 1], y: [-1, 1] } }));
    // sample (row 5, column 0) is (x, y) = (-1, 1); cells are 0.4 wide
    expect(cells.data.values[5 * 6]).toEqual({ x: -1.2, x2: -0.8, y: 0.8, y2: 1.2, v: 0 });
    expect(cells.data.values).toHaveLength(36);
  });

  it('draws the 0.5 contour where the score crosses it', () => {
    const [, rule] = layers(decisionBoundary({ grid, extent: { x: [-1, 1], y: [-1, 1] } }));
    expect(rule.mark.type).toBe('rule');
    expect(rule.data.values).toHaveLength(5);
    for (const s of rule.data.values) expect([s.x1, s.x2]).toEqual([0, 0]);
  });

  it('draws the boundary at another level, or none', () => {
    const [, rule] = layers(decisionBoundary({ grid, extent: { x: [-1, 1], y: [-1, 1] } }, { level: 0.8 }));
    for (const s of rule.data.values) expect([s.x1, s.x2]).toEqual([0.6, 0.6]);
    expect(layers(decisionBoundary({ grid }, { level: null }))).toHaveLength(1);
  });

  it('uses [0, 1] for probabilities and the data range otherwise', () => {
    expect(layers(decisionBoundary({ grid }))[0].encoding.color.scale).toMatchObject({ domain: [0, 1], scheme: 'redblue' });
    const logits = xs.map(() => xs.map((x) => 3 * x));
    expect(layers(decisionBoundary({ grid: logits }, { level: 0 }))[0].encoding.color.scale).toMatchObject({ domain: [-3, 3] });
  });

  it('plots points with labels as categories', () => {
    const pts = layers(decisionBoundary({ grid, points: { objects: () => [{ x: 0.1, y: 0.2, label: 1 }, { x: -0.3, y: 0, label: 0 }] } })).at(-1)!;
    expect(pts.data.values).toEqual([{ x: 0.1, y: 0.2, label: '1' }, { x: -0.3, y: 0, label: '0' }]);
  });

  it('explains bad points and grids', () => {
    expect(() => decisionBoundary({ grid, points: [{ x: 1, y: NaN }] })).toThrow(
      /^decisionBoundary: points row 0: \("x", "y"\) = \(1, NaN\), expected finite numbers/,
    );
    expect(() => decisionBoundary({ grid: [[0.1, 0.2], [0.3]] })).toThrow('decisionBoundary: grid row 1 has 1 values, expected 2');
    expect(() => decisionBoundary({} as never)).toThrow(/input must be \{ grid, extent\?, points\? \}/);
  });
});
