import { describe, expect, it } from 'vitest';
import { metricCurves } from './metric-curves.js';

const rows = [
  { step: 0, loss: 1, acc: 0.1, run: 'a' },
  { step: 10, loss: 0.5, run: 'a' },
  { step: 0, loss: 2, acc: 0.2, run: 'b' },
];

describe('metricCurves', () => {
  it('folds the metrics into one long table, one panel per metric', () => {
    const s = metricCurves(rows, { metrics: ['loss', 'acc'] }) as unknown as {
      data: { values: Record<string, unknown>[] };
      facet: { field: string; sort: string[] };
      columns: number;
      resolve: unknown;
    };
    expect(s.data.values).toEqual([
      { x: 0, y: 1, run: 'a', metric: 'loss' },
      { x: 10, y: 0.5, run: 'a', metric: 'loss' },
      { x: 0, y: 2, run: 'b', metric: 'loss' },
      { x: 0, y: 0.1, run: 'a', metric: 'acc' },
      { x: 0, y: 0.2, run: 'b', metric: 'acc' },
    ]);
    expect(s.facet).toMatchObject({ field: 'metric', sort: ['loss', 'acc'] });
    expect(s.columns).toBe(2);
    expect(s.resolve).toEqual({ scale: { y: 'independent' } });
  });

  it('wraps into rows of at most 3 panels unless told', () => {
    const many = [{ step: 0, a: 1, b: 1, c: 1, d: 1 }];
    expect((metricCurves(many, { metrics: ['a', 'b', 'c', 'd'] }) as { columns?: number }).columns).toBe(3);
    expect((metricCurves(many, { metrics: ['a', 'b', 'c', 'd'], columns: 2 }) as { columns?: number }).columns).toBe(2);
  });

  it('names a metric no row has, with the columns it saw', () => {
    expect(() => metricCurves(rows, { metrics: ['loss', 'accuracy'] })).toThrow(
      'metricCurves: no row has a value for metric "accuracy"; columns seen: step, loss, acc, run',
    );
    expect(() => metricCurves(rows, { metrics: [] })).toThrow(/options.metrics must name at least one column/);
  });
});
