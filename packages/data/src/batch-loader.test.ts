import { afterAll, describe, expect, it } from 'vitest';
import * as aq from 'arquero';
import { getBackend, setBackend, tf } from '@gradbook/core';
import type { Tensor } from '@gradbook/core';
import { batchLoader, type BatchSource } from './batch-loader.js';
import { fromTable } from './dataset.js';
import type { Batch } from './dataset.js';

/** 103 examples whose features encode their row: x = [row, 10·row], label = row mod 4. */
const N = 103;
const ds = fromTable(
  aq.table({
    a: Array.from({ length: N }, (_, i) => i),
    b: Array.from({ length: N }, (_, i) => 10 * i),
    label: Array.from({ length: N }, (_, i) => i % 4),
  }),
  { features: ['a', 'b'] },
);

async function collect(source: BatchSource, epoch: number): Promise<{ rows: number[][]; sizes: number[] }> {
  const rows: number[][] = [];
  const sizes: number[] = [];
  for await (const { x, y } of source.batches(epoch)) {
    const xs = x.arraySync() as number[][];
    const ys = y.arraySync() as number[];
    sizes.push(xs.length);
    xs.forEach((r, i) => {
      // features and label stay paired
      expect(r[1]).toBe(10 * r[0]);
      expect(ys[i]).toBe(r[0] % 4);
    });
    rows.push(xs.map((r) => r[0]));
  }
  return { rows, sizes };
}

const initialBackend = getBackend();
afterAll(async () => {
  await setBackend(initialBackend as 'cpu');
});

describe.each(['cpu', 'wasm'] as const)('batchLoader on %s', (backend) => {
  it('visits every example once per epoch, paired with its label', async () => {
    await setBackend(backend);
    expect(tf.getBackend()).toBe(backend);
    const { rows, sizes } = await collect(batchLoader(ds, { batchSize: 16, seed: 1 }), 0);
    expect(sizes).toEqual([16, 16, 16, 16, 16, 16, 7]);
    expect(rows.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i));
  });

  it('frees each batch when the consumer asks for the next, and the last one at the end', async () => {
    await setBackend(backend);
    const before = tf.memory().numTensors;
    const seen: Batch[] = [];
    for await (const batch of batchLoader(ds, { batchSize: 32 }).batches(0)) {
      for (const old of seen) expect(old.x.isDisposed && old.y.isDisposed).toBe(true);
      expect(batch.x.isDisposed).toBe(false);
      seen.push(batch);
    }
    expect(seen).toHaveLength(4);
    expect(seen.every((b) => b.x.isDisposed && b.y.isDisposed)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('batchLoader', () => {
  it('tells each batch its rows: the same example keeps its row in every epoch, whatever the shuffle', async () => {
    const loader = batchLoader(ds, { batchSize: 16, seed: 3 });
    for (const epoch of [0, 1]) {
      const seen = new Set<number>();
      for await (const b of loader.batches(epoch)) {
        const xs = b.x.arraySync() as number[][];
        expect(b.rows).toBeInstanceOf(Int32Array);
        expect(b.rows!.length).toBe(xs.length);
        // the feature a encodes the row
        xs.forEach((r, i) => expect(b.rows![i]).toBe(r[0]));
        b.rows!.forEach((r) => seen.add(r));
      }
      expect(seen.size).toBe(N);
    }
    const all = ds.toTensors();
    expect(Array.from(all.rows!)).toEqual(Array.from({ length: N }, (_, i) => i));
    tf.dispose([all.x, all.y]);
  });

  it('shuffles per epoch from (seed, epoch): same pair, same order', async () => {
    const a = batchLoader(ds, { batchSize: 10, seed: 7 });
    const b = batchLoader(ds, { batchSize: 10, seed: 7 });
    const c = batchLoader(ds, { batchSize: 10, seed: 8 });
    const e0 = (await collect(a, 0)).rows.flat();
    expect((await collect(b, 0)).rows.flat()).toEqual(e0);
    expect((await collect(a, 1)).rows.flat()).not.toEqual(e0);
    expect((await collect(c, 0)).rows.flat()).not.toEqual(e0);
    // epoch 1 again after epoch 0, from a fresh loader: no hidden state
    expect((await collect(batchLoader(ds, { batchSize: 10, seed: 7 }), 1)).rows.flat()).toEqual((await collect(a, 1)).rows.flat());
    expect(e0).not.toEqual(Array.from({ length: N }, (_, i) => i));
  });

  it('keeps table order without shuffle, and drops a short last batch with dropLast', async () => {
    const plain = await collect(batchLoader(ds, { batchSize: 25, shuffle: false }), 0);
    expect(plain.rows.flat()).toEqual(Array.from({ length: N }, (_, i) => i));
    expect(plain.sizes).toEqual([25, 25, 25, 25, 3]);
    const dropped = await collect(batchLoader(ds, { batchSize: 25, shuffle: false, dropLast: true }), 0);
    expect(dropped.sizes).toEqual([25, 25, 25, 25]);
    expect(batchLoader(ds, { batchSize: 25, dropLast: true }).numBatches).toBe(4);
    expect(batchLoader(ds, { batchSize: 25 }).numBatches).toBe(5);
  });

  it('reads a function batch size before every batch (adaptive batch size)', async () => {
    let calls = 0;
    const sizes = [5, 10, 20, 40, 80];
    const loader = batchLoader(ds, { batchSize: () => sizes[Math.min(calls++, sizes.length - 1)], shuffle: false });
    const r = await collect(loader, 0);
    expect(r.sizes).toEqual([5, 10, 20, 40, 28]);
    expect(r.rows.flat()).toEqual(Array.from({ length: N }, (_, i) => i));
  });

  it('frees the current batch when the consumer leaves early (break / return)', async () => {
    const before = tf.memory().numTensors;
    let kept: Batch | undefined;
    for await (const batch of batchLoader(ds, { batchSize: 8 }).batches(0)) {
      kept = batch;
      break;
    }
    expect(kept!.x.isDisposed).toBe(true);
    const it2 = batchLoader(ds, { batchSize: 8 }).batches(3);
    const first = await it2.next();
    await it2.return(undefined);
    expect((first.value as Batch).y.isDisposed).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('hands the tensors over with keep: true', async () => {
    const before = tf.memory().numTensors;
    const kept: Tensor[] = [];
    for await (const { x, y } of batchLoader(ds, { batchSize: 50, keep: true }).batches(0)) kept.push(x, y);
    expect(kept.every((t) => !t.isDisposed)).toBe(true);
    expect(tf.memory().numTensors).toBe(before + 6);
    tf.dispose(kept);
  });

  it('gives one-hot targets on request', async () => {
    for await (const { y } of batchLoader(ds, { batchSize: 4, shuffle: false, oneHot: true }).batches(0)) {
      expect(y.arraySync()).toEqual([
        [1, 0, 0, 0],
        [0, 1, 0, 0],
        [0, 0, 1, 0],
        [0, 0, 0, 1],
      ]);
      break;
    }
  });

  it('refuses a batch size of 0 (given or returned), a missing one, and a bad epoch', async () => {
    expect(() => batchLoader(ds, { batchSize: 0 })).toThrow(/batchLoader\(batchSize\): expected a whole number ≥ 1, got 0/);
    expect(() => batchLoader(ds, { batchSize: 2.5 })).toThrow(/got 2.5/);
    expect(() => batchLoader(ds, {} as never)).toThrow(/no batch size given/);
    const before = tf.memory().numTensors;
    let n = 0;
    const shrinking = batchLoader(ds, { batchSize: () => (n++ < 2 ? 10 : 0) });
    await expect(collect(shrinking, 0)).rejects.toThrow(/the batchSize function returned 0/);
    expect(tf.memory().numTensors).toBe(before);
    await expect(batchLoader(ds, { batchSize: 1 }).batches(-1).next()).rejects.toThrow(/batches\(epoch\)/);
    expect(() => batchLoader(aq.table({ a: [1] }) as never, { batchSize: 1 })).toThrow(/batchLoader\(dataset\): expected a Dataset/);
  });

  it('is a BatchSource a training loop can consume epoch after epoch', async () => {
    const source: BatchSource = batchLoader(ds, { batchSize: 64, seed: 0 });
    let steps = 0;
    for (let epoch = 0; epoch < 3; epoch++) for await (const b of source.batches(epoch)) steps += b.x.shape[0] > 0 ? 1 : 0;
    expect(steps).toBe(6);
  });
});
