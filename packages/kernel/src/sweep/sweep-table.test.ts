import { describe, expect, it } from 'vitest';
import type { RunRecord } from './run-record.js';
import { summariseSweep, sweepTable } from './sweep-table.js';

const axes = [{ name: 'lr', values: [0.1, 1] }];
const row = (lr: number, seed: number, loss: number, held: boolean, extra: Partial<RunRecord> = {}): RunRecord => ({
  id: `${lr}-${seed}`,
  values: { lr },
  seed,
  status: held ? 'ok' : 'failed',
  error: held ? null : 'small: does not hold',
  scalars: { loss, steps: 100, width: 8 },
  inputs: ['width'],
  claims: { small: held },
  collected: {},
  wallMs: 5,
  ...extra,
});

describe('summariseSweep', () => {
  const records = [row(0.1, 0, 0.2, true), row(0.1, 1, 0.4, true), row(1, 0, 0.9, false), row(1, 1, 0.3, true)];
  it('counts per grid point how often each claim held, with its Wilson interval', () => {
    const s = summariseSweep(axes, records);
    expect(s.runs).toBe(4);
    expect(s.failed).toBe(1);
    expect(s.points.map((p) => [p.values.lr, p.claims.small!.k, p.claims.small!.n])).toEqual([
      [0.1, 2, 2],
      [1, 1, 2],
    ]);
    expect(s.points[1]!.claims.small!.low).toBeGreaterThan(0);
    expect(s.points[1]!.claims.small!.high).toBeLessThan(1);
  });
  it('summarises the metrics that vary, not the inputs or constants', () => {
    const s = summariseSweep(axes, records);
    expect(Object.keys(s.points[0]!.metrics)).toEqual(['loss']);
    expect(s.points[0]!.metrics.loss).toMatchObject({ n: 2, mean: 0.30000000000000004, min: 0.2, max: 0.4 });
  });
  it('a run that failed before its claim ran counts as not held', () => {
    const crashed = row(0.1, 2, NaN, false, { claims: {}, scalars: {}, error: 'the worker process was killed' });
    const s = summariseSweep(axes, [...records, crashed]);
    expect(s.points[0]!.claims.small).toMatchObject({ k: 2, n: 3 });
  });
});

describe('sweepTable', () => {
  it('has the axes, seed, status and claims first, then the cells', () => {
    const t = sweepTable(axes, [row(0.1, 0, 0.2, true)]);
    expect(t.columnNames()).toEqual(['lr', 'seed', 'status', 'error', 'wall_ms', 'held:small', 'loss', 'steps', 'width', 'id']);
  });
  it('is empty but well-formed with no rows', () => {
    expect(sweepTable(axes, []).numRows()).toBe(0);
  });
});
