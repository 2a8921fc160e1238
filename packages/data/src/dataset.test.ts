import { describe, expect, it } from 'vitest';
import * as aq from 'arquero';
import { GradbookError, tf } from '@gradbook/core';
import { fromTable } from './dataset.js';

const rows = aq.table({
  a: [1, 2, 3, 4, 5, 6],
  b: [-1, 0, 1, 10, 20, 30],
  label: [0, 1, 0, 1, 2, 2],
});

describe('fromTable', () => {
  it('stores the feature columns row by row and adds an index column', () => {
    const ds = fromTable(rows, { features: ['a', 'b'] });
    expect(ds.size).toBe(6);
    expect([...ds.store.data]).toEqual([1, -1, 2, 0, 3, 1, 4, 10, 5, 20, 6, 30]);
    expect(ds.table.columnNames()).toEqual(['index', 'a', 'b', 'label']);
    expect(ds.numClasses).toBe(3);
    expect(ds.itemShape).toEqual([2]);
    expect([...ds.features(3)]).toEqual([4, 10]);
  });

  it('refuses an empty table, a missing or non-integer label column, and missing features', () => {
    const empty = aq.table({ a: [], label: [] });
    expect(() => fromTable(empty, { features: ['a'] })).toThrow(/fromTable\(table\): the table is empty \(0 rows\)/);
    expect(() => fromTable(rows, { features: ['a'], label: 'y' })).toThrow(/fromTable\(label\): the table has no label column "y" \(its columns: index, a, b, label\)/);
    const fractional = aq.table({ a: [1, 2], label: [0, 1.5] });
    expect(() => fromTable(fractional, { features: ['a'] })).toThrow(/fromTable\(label\): column "label" must hold class indices .* row 1 holds 1.5/);
    const strings = aq.table({ a: [1, 2], label: ['cat', 'dog'] });
    expect(() => fromTable(strings, { features: ['a'] })).toThrow(/row 0 holds "cat"/);
    const negative = aq.table({ a: [1, 2], label: [0, -1] });
    expect(() => fromTable(negative, { features: ['a'] })).toThrow(/row 1 holds -1/);
    expect(() => fromTable(rows, { features: ['c'] })).toThrow(/fromTable\(features\): the table has no column "c"/);
    expect(() => fromTable(aq.table({ a: [1, NaN], label: [0, 1] }), { features: ['a'] })).toThrow(/feature "a" must hold finite numbers, but row 1 holds NaN/);
    try {
      fromTable(empty, { features: ['a'] });
    } catch (err) {
      expect(GradbookError.isInstance(err)).toBe(true);
    }
  });

  it('takes real targets for regression', () => {
    const ds = fromTable(aq.table({ x: [0, 1], y: [0.5, -2.25] }), { features: ['x'], label: 'y', task: 'regression' });
    expect([...ds.labels]).toEqual([0.5, -2.25]);
    const { x, y } = ds.toTensors();
    expect(y.shape).toEqual([2, 1]);
    expect([...y.dataSync()]).toEqual([0.5, -2.25]);
    tf.dispose([x, y]);
  });
});

describe('Dataset', () => {
  const ds = fromTable(rows, { features: ['a', 'b'] });

  it('head() is the first rows, as arquero slice', () => {
    expect(ds.head(2).objects()).toEqual([
      { index: 0, a: 1, b: -1, label: 0 },
      { index: 1, a: 2, b: 0, label: 1 },
    ]);
  });

  it('describe() counts each class and gives its feature ranges', () => {
    expect(ds.describe().objects()).toEqual([
      { label: 0, count: 2, fraction: 2 / 6, a_min: 1, a_max: 3, b_min: -1, b_max: 1 },
      { label: 1, count: 2, fraction: 2 / 6, a_min: 2, a_max: 4, b_min: 0, b_max: 10 },
      { label: 2, count: 2, fraction: 2 / 6, a_min: 5, a_max: 6, b_min: 20, b_max: 30 },
    ]);
  });

  it('withTable follows arquero filters and orders, sharing the store', () => {
    const sub = ds.withTable(ds.table.filter((d: { label: number }) => d.label !== 1).orderby(aq.desc('a')));
    expect(sub.store).toBe(ds.store);
    expect([...sub.labels]).toEqual([2, 2, 0, 0]);
    expect([...sub.features(0)]).toEqual([6, 30]);
    expect(() => ds.withTable(ds.table.filter(() => false))).toThrow(/withTable\(table\): the table is empty/);
  });

  it('take picks rows by position; reshape views examples in another shape', () => {
    const t = ds.take([5, 0, 5]);
    expect([...t.labels]).toEqual([2, 0, 2]);
    expect([...t.indices]).toEqual([5, 0, 5]);
    expect(() => ds.take([6])).toThrow(/take\(positions\): position 6 is outside 0 … 5/);
    const r = ds.reshape([2, 1]);
    const { x, y } = r.toTensors();
    expect(x.shape).toEqual([6, 2, 1]);
    tf.dispose([x, y]);
    expect(() => ds.reshape([3])).toThrow(/reshape\(itemShape\): shape \[3\] holds 3 numbers but each stored example has 2/);
  });

  it('toTensors gives float32 x, int32 y, or one-hot y, in table order', () => {
    const before = tf.memory().numTensors;
    const { x, y } = ds.toTensors();
    expect(x.shape).toEqual([6, 2]);
    expect([...x.dataSync()]).toEqual([1, -1, 2, 0, 3, 1, 4, 10, 5, 20, 6, 30]);
    expect(y.dtype).toBe('int32');
    expect([...y.dataSync()]).toEqual([0, 1, 0, 1, 2, 2]);
    const oh = ds.toTensors({ oneHot: true });
    expect(oh.y.shape).toEqual([6, 3]);
    expect(oh.y.arraySync()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [0, 0, 1],
    ]);
    tf.dispose([x, y, oh.x, oh.y]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
