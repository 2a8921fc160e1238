import { describe, expect, it } from 'vitest';
import { lossCurve } from './loss-curve.js';
import { PlotError } from './plot-error.js';

type Spec = { data: { values: Record<string, unknown>[] }; layer: { mark: { opacity?: number }; encoding: Record<string, { field?: string; scale?: { type?: string } }> }[] };
const spec = (s: unknown) => s as Spec;

const a = [{ step: 0, loss: 1 }, { step: 2, loss: 0.25 }, { step: 1, loss: 0.5 }];
const b = [{ step: 0, loss: 2 }, { step: 1, loss: 1 }];

describe('lossCurve', () => {
  it('gives the same data for a flat table, an array of runs and a record of runs', () => {
    const flat = lossCurve([...a.map((r) => ({ ...r, run: 'a' })), ...b.map((r) => ({ ...r, run: 'b' }))]);
    const runs = lossCurve([{ name: 'a', rows: a }, { name: 'b', rows: b }]);
    const record = lossCurve({ a, b });
    const table = lossCurve({ objects: () => [...a.map((r) => ({ ...r, run: 'a' })), ...b.map((r) => ({ ...r, run: 'b' }))] });
    expect(spec(runs).data.values).toEqual(spec(flat).data.values);
    expect(spec(record).data.values).toEqual(spec(flat).data.values);
    expect(spec(table).data.values).toEqual(spec(flat).data.values);
  });

  it('sorts each run by step and keeps the values', () => {
    expect(spec(lossCurve({ a })).data.values).toEqual([
      { x: 0, y: 1, run: 'a' },
      { x: 1, y: 0.5, run: 'a' },
      { x: 2, y: 0.25, run: 'a' },
    ]);
  });

  it('has no colour channel for a single unnamed series', () => {
    const s = spec(lossCurve(a));
    expect(s.data.values[0]).toEqual({ x: 0, y: 1 });
    expect(s.layer[0].encoding.color).toBeUndefined();
  });

  it('uses other columns when told', () => {
    const rows = [{ epoch: 1, val: 3, who: 'x' }, { epoch: 2, val: 4, who: 'x' }];
    const s = spec(lossCurve(rows, { x: 'epoch', y: 'val', color: 'who' }));
    expect(s.data.values).toEqual([{ x: 1, y: 3, run: 'x' }, { x: 2, y: 4, run: 'x' }]);
  });

  it('skips rows without the metric (sparse logging)', () => {
    const rows = [{ step: 0, loss: 1 }, { step: 1 }, { step: 2, loss: null, acc: 1 }, { step: 3, loss: 0.5 }];
    expect(spec(lossCurve(rows)).data.values.map((r) => r.x)).toEqual([0, 3]);
  });

  it('adds a smoothed layer over a faint raw one', () => {
    const s = spec(lossCurve({ a }, { smoothing: 0.5 }));
    expect(s.layer).toHaveLength(2);
    expect(s.layer[0].mark.opacity).toBe(0.25);
    expect(s.layer[1].encoding.y.field).toBe('s');
    // by hand: m = 0.5, 0.5, 0.375; 1 - 0.5^t = 0.5, 0.75, 0.875
    expect(s.data.values.map((r) => r.s)).toEqual([1, Number((0.5 / 0.75).toPrecision(6)), Number((0.375 / 0.875).toPrecision(6))]);
  });

  it('uses a log scale under logY and rejects non-positive values there', () => {
    expect(spec(lossCurve(a, { logY: true })).layer[0].encoding.y.scale?.type).toBe('log');
    expect(() => lossCurve([{ step: 0, loss: 0 }], { logY: true })).toThrow(/logY needs positive values, but a row has loss = 0 at step = 0/);
  });

  it('explains bad input', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(PlotError.isInstance(e)).toBe(true);
        return (e as Error).message;
      }
      return '';
    };
    // Some runs with rows and one without: the empty one is just absent.
    expect(err(() => lossCurve({ a: [{ step: 0, loss: 1 }], b: [] }))).toBe('');
    expect(err(() => lossCurve([{ epoch: 0, loss: 1 }]))).toMatch(/^lossCurve: rows, row 0: "step" is undefined, expected a finite number; pass \{ x: '<column>' \}.*row keys: epoch, loss/);
    expect(err(() => lossCurve({ a: [{ step: 0, loss: NaN }] }))).toMatch(/^lossCurve: run "a", row 0: "loss" is NaN, expected a finite number/);
    expect(err(() => lossCurve(a, { smoothing: 1 }))).toMatch(/smoothing must be in \[0, 1\)/);
    expect(err(() => lossCurve(3 as never))).toMatch(/rows must be an array of row objects/);
  });
});
