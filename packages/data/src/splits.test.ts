import { describe, expect, it } from 'vitest';
import * as aq from 'arquero';
import { fromTable } from './dataset.js';
import type { Dataset } from './dataset.js';
import { forgetRetain } from './forget-retain.js';
import { labelProportionBags } from './label-proportion-bags.js';
import { splitDataset } from './split-dataset.js';
import { regression1d } from './synthetic/regression1d.js';

/** 1000 examples with unbalanced classes: 500 of class 0, 300 of class 1, 200 of class 2; feature = id. */
const labels = Array.from({ length: 1000 }, (_, i) => (i < 500 ? 0 : i < 800 ? 1 : 2));
const ds = fromTable(aq.table({ id: Array.from({ length: 1000 }, (_, i) => i), label: labels }), { features: ['id'] });

const ids = (d: Dataset) => Array.from(d.indices);
const classCounts = (d: Dataset, k = 3) => {
  const c = new Array(k).fill(0);
  d.labels.forEach((l) => c[l]++);
  return c;
};

describe('splitDataset', () => {
  it('partitions the examples: disjoint parts whose union is everything', () => {
    const { train, validation, test } = splitDataset(ds, { validation: 0.1, test: 0.2, seed: 0 });
    const all = [...ids(train), ...ids(validation), ...ids(test)].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([train.size, validation.size, test.size]).toEqual([700, 100, 200]);
  });

  it('keeps every class share in every part (stratified)', () => {
    const { train, validation, test } = splitDataset(ds, { validation: 0.1, test: 0.2, seed: 3 });
    expect(classCounts(validation)).toEqual([50, 30, 20]);
    expect(classCounts(test)).toEqual([100, 60, 40]);
    expect(classCounts(train)).toEqual([350, 210, 140]);
    // and each part's table rows are in the original order
    expect(ids(train)).toEqual([...ids(train)].sort((a, b) => a - b));
  });

  it('stratifies odd class sizes to within one example', () => {
    const odd = fromTable(aq.table({ f: Array.from({ length: 97 }, (_, i) => i), label: Array.from({ length: 97 }, (_, i) => (i < 13 ? 0 : i < 50 ? 1 : 2)) }), { features: ['f'] });
    const { validation } = splitDataset(odd, { validation: 0.25, test: 0.25, seed: 1 });
    const c = classCounts(validation);
    [13, 37, 47].forEach((n, k) => expect(Math.abs(c[k] - 0.25 * n)).toBeLessThanOrEqual(0.5));
  });

  it('is reproducible from its seed', () => {
    const a = splitDataset(ds, { seed: 5 });
    const b = splitDataset(ds, { seed: 5 });
    const c = splitDataset(ds, { seed: 6 });
    expect(ids(a.test)).toEqual(ids(b.test));
    expect(ids(a.test)).not.toEqual(ids(c.test));
  });

  it('splits regression sets without strata', () => {
    const { train, test } = splitDataset(regression1d({ n: 50 }), { validation: 0.2, test: 0.2 });
    expect(train.size).toBe(30);
    expect(test.task).toBe('regression');
  });

  it('refuses fractions that leave a part empty', () => {
    expect(() => splitDataset(ds, { validation: 0.5, test: 0.5 })).toThrow(/leaves nothing to train on/);
    expect(() => splitDataset(ds, { validation: 0 })).toThrow(/splitDataset\(validation\): expected a fraction strictly between 0 and 1, got 0/);
    const tiny = ds.take([0, 1, 2]);
    expect(() => splitDataset(tiny, { validation: 0.1, test: 0.1 })).toThrow(/the validation part of 3 examples would be empty/);
  });
});

describe('forgetRetain', () => {
  it('forgets a whole class', () => {
    const { forget, retain } = forgetRetain(ds, { classes: 1 });
    expect(forget.size).toBe(300);
    expect(forget.labels.every((l) => l === 1)).toBe(true);
    expect(classCounts(retain)).toEqual([500, 0, 200]);
    const two = forgetRetain(ds, { classes: [0, 2] });
    expect(two.forget.size).toBe(700);
  });

  it('forgets a random fraction, reproducibly, partitioning the data', () => {
    const a = forgetRetain(ds, { fraction: 0.1, seed: 2 });
    expect(a.forget.size).toBe(100);
    expect(a.retain.size).toBe(900);
    expect([...ids(a.forget), ...ids(a.retain)].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(ids(forgetRetain(ds, { fraction: 0.1, seed: 2 }).forget)).toEqual(ids(a.forget));
    expect(ids(forgetRetain(ds, { fraction: 0.1, seed: 3 }).forget)).not.toEqual(ids(a.forget));
    // a random draw spans the classes roughly in proportion
    const c = classCounts(a.forget);
    expect(c[0]).toBeGreaterThan(30);
    expect(c[2]).toBeGreaterThan(5);
  });

  it('refuses unclear requests', () => {
    expect(() => forgetRetain(ds, {})).toThrow(/give exactly one of/);
    expect(() => forgetRetain(ds, { classes: 1, fraction: 0.1 })).toThrow(/give exactly one of/);
    expect(() => forgetRetain(ds, { classes: 7 })).toThrow(/class 7 has no examples in this dataset \(its classes: 0, 1, 2\)/);
    expect(() => forgetRetain(ds, { classes: [0, 1, 2] })).toThrow(/the retain set of 1000 examples would be empty/);
    expect(() => forgetRetain(ds, { fraction: 1 })).toThrow(/forgetRetain\(fraction\)/);
  });
});

describe('labelProportionBags', () => {
  it('puts every example in exactly one bag and records its true class proportions', () => {
    const bags = labelProportionBags(ds, { bagSize: 64, seed: 0 });
    expect(bags.numBags).toBe(16);
    const seen: number[] = [];
    const props = bags.proportions.objects() as Record<string, number>[];
    for (let b = 0; b < bags.numBags; b++) {
      const bag = bags.bag(b);
      seen.push(...ids(bag));
      expect(bag.size).toBe(b < 15 ? 64 : 1000 - 15 * 64);
      const c = classCounts(bag);
      expect(props[b].bag).toBe(b);
      expect(props[b].size).toBe(bag.size);
      [0, 1, 2].forEach((k) => expect(props[b][`p${k}`]).toBeCloseTo(c[k] / bag.size, 12));
      expect(Array.from(bag.table.array('bag') as ArrayLike<number>)).toEqual(new Array(bag.size).fill(b));
    }
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    // bags are random, not slices of the sorted data: the first bag mixes classes
    expect(classCounts(bags.bag(0)).filter((c) => c > 0).length).toBe(3);
  });

  it('drops the short last bag with dropLast and is reproducible', () => {
    const a = labelProportionBags(ds, { bagSize: 64, seed: 1, dropLast: true });
    expect(a.numBags).toBe(15);
    expect(a.dataset.size).toBe(960);
    const b = labelProportionBags(ds, { bagSize: 64, seed: 1, dropLast: true });
    expect(ids(a.bag(3))).toEqual(ids(b.bag(3)));
    expect(() => a.bag(15)).toThrow(/bag 15 is outside 0 … 14/);
    expect(() => labelProportionBags(ds, { bagSize: 0 })).toThrow(/labelProportionBags\(bagSize\)/);
  });
});
