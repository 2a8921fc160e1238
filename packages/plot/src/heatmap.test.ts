import { describe, expect, it } from 'vitest';
import { heatmap } from './heatmap.js';

type Encoding = {
  color: { scale: Record<string, unknown>; legend: unknown };
  stroke: { scale: Record<string, unknown>; legend: unknown };
  x: { axis: unknown };
  y: { scale: { reverse?: boolean } };
};
type Spec = {
  width: number;
  height: number;
  data: { values: { x: number; x2: number; y: number; y2: number; v: number }[] };
  encoding: Encoding;
};
// the heat map is a single layer; lift its encoding for the assertions
const spec = (s: unknown) => {
  const t = s as Spec & { layer: { encoding: Encoding }[] };
  return { ...t, encoding: t.layer[0].encoding } as Spec;
};

describe('heatmap', () => {
  it('puts value (row r, column c) in the cell [c, c+1] × [r, r+1] with row 0 on top', () => {
    const s = spec(heatmap({ width: 3, height: 2, values: Float32Array.from([1, 2, 3, 4, 5, 6]) }));
    const cell = s.data.values.find((d) => d.x === 2 && d.y === 1);
    expect(cell).toEqual({ x: 2, x2: 3, y: 1, y2: 2, v: 6 });
    expect(s.data.values).toHaveLength(6);
    expect(s.encoding.y.scale.reverse).toBe(true);
  });

  it('maps the data range onto viridis by default', () => {
    const s = spec(heatmap([[-1, 3]]));
    expect(s.encoding.color.scale).toMatchObject({ scheme: 'viridis', domain: [-1, 3] });
  });

  it('centres a diverging scale on 0 with a symmetric domain', () => {
    const s = spec(heatmap([[-1, 3]], { diverging: true }));
    expect(s.encoding.color.scale).toMatchObject({ scheme: 'blueorange', domain: [-3, 3], domainMid: 0 });
  });

  it('honours an explicit domain, scheme and reversal', () => {
    const s = spec(heatmap([[0.2, 0.4]], { domain: [0, 1], colorScheme: 'greys', reverseScheme: true }));
    expect(s.encoding.color.scale).toMatchObject({ scheme: 'greys', domain: [0, 1], reverse: true });
    expect(() => heatmap([[1]], { domain: [1, 0] })).toThrow(/heatmap: domain must be \[low, high\]/);
  });

  it('widens a constant grid so the scale is not degenerate', () => {
    expect(spec(heatmap([[2, 2]])).encoding.color.scale.domain).toEqual([1.5, 2.5]);
  });

  it('keeps cells square by default and hides axes', () => {
    const s = spec(heatmap({ width: 28, height: 14, values: new Float32Array(28 * 14) }));
    expect([s.width, s.height]).toEqual([280, 140]);
    expect(s.encoding.x.axis).toBeNull();
    expect(spec(heatmap([[1, 2]], { width: 50, height: 20 }))).toMatchObject({ width: 50, height: 20 });
  });

  it('strokes each cell in its own fill colour (no seams) without a second legend', () => {
    const { color, stroke } = spec(heatmap([[1, 2]])).encoding;
    expect(stroke.scale).toEqual(color.scale);
    expect(stroke.legend).toBeNull();
  });

  it('hides the legend on request', () => {
    expect(spec(heatmap([[1, 2]], { legendTitle: null })).encoding.color.legend).toBeNull();
  });
});
