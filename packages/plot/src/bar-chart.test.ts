import { describe, expect, it } from 'vitest';
import { barChart } from './bar-chart.js';

type Spec = { data: { values: Record<string, unknown>[] }; layer: { mark: { type: string }; encoding: Record<string, { field?: string; sort?: unknown }> }[] };
const spec = (s: unknown) => s as Spec;

describe('barChart', () => {
  const rows = [
    { method: 'sgd', acc: 0.9, sd: 0.05, split: 'test' },
    { method: 'adam', acc: 0.95, sd: -0.01, split: 'test' },
    { method: 'sgd', acc: 0.99, sd: 0, split: 'train' },
  ];

  it('keeps categories in first-seen order and computes whiskers v ± |e|', () => {
    const s = spec(barChart(rows, { x: 'method', y: 'acc', error: 'sd', color: 'split' }));
    expect(s.layer[0].encoding.x.sort).toEqual(['sgd', 'adam']);
    expect(s.data.values[1]).toEqual({ c: 'adam', v: 0.95, g: 'test', lo: 0.94, hi: 0.96 });
    expect(s.layer[0].encoding.xOffset.field).toBe('g');
    expect(s.layer[1].mark.type).toBe('rule');
    expect(s.layer[1].encoding.xOffset.field).toBe('g');
  });

  it('swaps the axes when horizontal', () => {
    const s = spec(barChart(rows, { x: 'method', y: 'acc', horizontal: true, color: 'split' }));
    expect(s.layer[0].encoding.y.field).toBe('c');
    expect(s.layer[0].encoding.x.field).toBe('v');
    expect(s.layer[0].encoding.yOffset.field).toBe('g');
  });

  it('explains bad input', () => {
    expect(() => barChart(rows)).toThrow(/^barChart: row 0: "value" is undefined, expected a finite number; pass \{ y: '<column>' \} \(row keys: method, acc, sd, split\)/);
    expect(() => barChart(rows, { y: 'acc', error: 'nope' })).toThrow(/row 0: error "nope" is undefined/);
    expect(() => barChart([{ name: 'a', value: 1 }, 7] as never)).toThrow('barChart: rows[1] must be a row object, received 7');
  });
});
