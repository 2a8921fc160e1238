import { describe, expect, it } from 'vitest';
import { tf } from '@gradbook/core';
import * as aq from 'arquero';
import { classifyValue, isVegaLiteSpec } from './classify-value.js';
import { Markup } from './markup.js';
import { AssertionFailed } from './assert.js';

describe('classifyValue', () => {
  it('names the kind of each value the app, the report and the CLI show', () => {
    const t = tf.zeros([2, 2]);
    const cases: [unknown, string][] = [
      [undefined, 'undefined'],
      ['text', 'string'],
      [3, 'scalar'],
      [true, 'scalar'],
      [null, 'scalar'],
      [10n, 'scalar'],
      [() => 1, 'function'],
      [new Markup('md', '# hi'), 'markup'],
      [{ mark: 'line', data: { values: [] } }, 'vega-lite'],
      [{ repeat: ['a'], spec: {}, data: { values: [] } }, 'vega-lite'],
      [t, 'tensor'],
      [aq.table({ a: [1, 2] }), 'table'],
      [{ step: 3, loss: 0.5, params: {} }, 'train-event'],
      [[{ a: 1, b: 'x' }, { a: 2 }], 'records'],
      [[1, 2, 3], 'object'],
      [[], 'object'],
      [[{ nested: { a: 1 } }], 'object'],
      [new AssertionFailed('x > 0'), 'error'],
      [{ a: 1 }, 'object'],
      [new Map(), 'object'],
    ];
    for (const [value, kind] of cases) expect([value, classifyValue(value).kind]).toEqual([value, kind]);
    t.dispose();
  });

  it('hands back the value typed for its kind', () => {
    const c = classifyValue({ step: 2, loss: 0.25, total: 10 });
    expect(c.kind === 'train-event' && c.value.total).toBe(10);
    const table = classifyValue(aq.table({ a: [1, 2, 3] }));
    expect(table.kind === 'table' && table.value.numRows()).toBe(3);
  });

  it('does not take an object with only some table methods for a table', () => {
    expect(classifyValue({ objects: () => [], numRows: () => 0 }).kind).toBe('object');
  });
});

describe('isVegaLiteSpec', () => {
  it('accepts vega-lite schemas and specs with a mark or composition and data, nothing else', () => {
    expect(isVegaLiteSpec({ $schema: 'https://vega.github.io/schema/vega-lite/v6.json' })).toBe(true);
    expect(isVegaLiteSpec({ mark: 'line', data: { values: [] } })).toBe(true);
    expect(isVegaLiteSpec({ layer: [], datasets: {} })).toBe(true);
    expect(isVegaLiteSpec({ $schema: 'https://vega.github.io/schema/vega/v5.json' })).toBe(false);
    expect(isVegaLiteSpec({ $schema: 'https://vega.github.io/schema/vega/v5.json', mark: 'line', data: {} })).toBe(false);
    expect(isVegaLiteSpec({ mark: 'x' })).toBe(false);
    expect(isVegaLiteSpec([1])).toBe(false);
    expect(isVegaLiteSpec(Object.assign(Object.create(null), { mark: 'line', data: {} }))).toBe(false);
  });

  it('draws a vega-lite-api chart from its spec', async () => {
    const vl = (await import('vega-lite-api')) as unknown as { markPoint(): { data(d: unknown[]): { encode(...e: unknown[]): object } }; x(): { fieldQ(f: string): unknown } };
    const chart = vl.markPoint().data([{ a: 1 }]).encode(vl.x().fieldQ('a'));
    const c = classifyValue(chart);
    expect(c.kind).toBe('vega-lite');
    expect((c.value as { mark: { type: string } }).mark.type).toBe('point');
  });
});
