import { describe, expect, it } from 'vitest';
import { barChart } from './bar-chart.js';
import { lossCurve } from './loss-curve.js';
import { lossLandscape } from './loss-landscape.js';

type Enc = { encoding?: { color?: { type?: string; sort?: string[]; scale?: { scheme?: string } } }; layer?: Enc[] };
const colorOf = (spec: unknown) => {
  const layers = (spec as Enc).layer ?? [spec as Enc];
  // The series' colour, not a continuous one such as the landscape's background.
  const c = layers.map((l) => l.encoding?.color).find((e) => e?.type === 'nominal')!;
  return { scheme: c.scale!.scheme, order: c.sort };
};

describe('series colours', () => {
  const names = ['sgd', 'momentum', 'adam'];
  const grid = [[0, 1], [1, 2]];
  const extent = { x: [0, 1] as [number, number], y: [0, 1] as [number, number] };
  const paths = lossLandscape({ grid, extent, trajectories: names.map((name) => ({ name, points: [[0, 0], [1, 1]] as [number, number][] })) });
  const curves = lossCurve(names.map((name) => ({ name, rows: [{ step: 0, loss: 1 }, { step: 1, loss: 0.5 }] })));
  const bars = barChart(names.map((run) => ({ name: 'loss', value: 1, run })), { color: 'run' });

  it('the same runs in the same order get the same scale in paths, curves and bars', () => {
    expect(colorOf(curves)).toEqual(colorOf(paths));
    expect(colorOf(bars)).toEqual(colorOf(paths));
    expect(colorOf(paths)).toEqual({ scheme: 'set1', order: names });
  });

  it('more series than Set1 has colours get a scheme with enough of them', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ name: `start ${i + 1}`, rows: [{ step: 0, loss: i }] }));
    expect(colorOf(lossCurve(many)).scheme).toBe('tableau20');
  });
});
