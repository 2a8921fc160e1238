import { describe, expect, it } from 'vitest';
import * as aq from 'arquero';
import { tf } from '@gradbook/core';
import { bagLoader } from './bag-loader.js';
import { fromTable } from './dataset.js';
import { labelProportionBags } from './label-proportion-bags.js';

/** 50 examples whose feature is their original row; label = row mod 3. */
const N = 50;
const ds = fromTable(aq.table({ a: Array.from({ length: N }, (_, i) => i), label: Array.from({ length: N }, (_, i) => i % 3) }), { features: ['a'] });
const bags = labelProportionBags(ds, { bagSize: 8, seed: 2 }); // 7 bags, the last of 2

describe('bagLoader', () => {
  it('yields whole bags with each example tagged by its bag and that bag\'s true proportions; every bag once per epoch; no leaks', async () => {
    const loader = bagLoader(bags, { bagsPerBatch: 3, seed: 1 });
    expect(loader.numBatches).toBe(3);
    const before = tf.memory().numTensors;
    const orders: number[][] = [];
    for (const epoch of [0, 1]) {
      const bagsSeen: number[] = [];
      let examples = 0;
      for await (const b of loader.batches(epoch)) {
        const x = b.x.dataSync();
        const y = b.y.arraySync() as number[][];
        expect(b.y.shape).toEqual([x.length, 4]);
        const byBag = new Map<number, number[]>();
        y.forEach((row, i) => {
          const original = x[i]!;
          // the example is in the bag its row says, and the proportions are that bag's
          expect(bags.dataset.table.get('bag', b.rows![i]!)).toBe(row[0]);
          expect(bags.dataset.labels[b.rows![i]!]).toBe(original % 3);
          byBag.set(row[0]!, [...(byBag.get(row[0]!) ?? []), original % 3]);
        });
        for (const [bag, labels] of byBag) {
          bagsSeen.push(bag);
          const row = y[y.findIndex((r) => r[0] === bag)]!;
          [0, 1, 2].forEach((c) => expect(row[1 + c]).toBeCloseTo(labels.filter((l) => l === c).length / labels.length, 6));
          expect(labels.length).toBe(bags.proportions.get('size', bag));
        }
        examples += x.length;
      }
      expect([...bagsSeen].sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(examples).toBe(N);
      orders.push(bagsSeen);
    }
    expect(orders[0]).not.toEqual(orders[1]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names bad options', () => {
    expect(() => bagLoader(bags, { bagsPerBatch: 0 })).toThrow(/bagLoader\(bagsPerBatch\): expected a whole number ≥ 1, got 0/);
    expect(() => bagLoader({} as never)).toThrow(/bagLoader\(bags\): expected bags from labelProportionBags/);
  });
});
