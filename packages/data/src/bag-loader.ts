import { GradbookError, tf } from '@gradbook/core';
import { makeBatch, type Batch } from './dataset.js';
import type { Bags } from './label-proportion-bags.js';
import { checkSeed, deriveSeed, permutation } from './random.js';

/** Options of {@link bagLoader}. */
export interface BagLoaderOptions {
  /** Whole bags per batch. Default 1. */
  bagsPerBatch?: number;
  /** Shuffle the order of the bags every epoch; the order of epoch e depends only on (seed, e). Default true. */
  shuffle?: boolean;
  /** Seed of the shuffles (a whole number). Default 0. */
  seed?: number;
}

/**
 * Batches of whole bags for learning from label proportions: the learner sees each example's
 * inputs and its bag's label proportions, never its label. Each batch is `{ x, y, rows }` with `y`
 * float32 `[n, 1 + k]`: column 0 the example's bag number, columns 1 … k that bag's class
 * proportions (what core's `bagProportionLoss` takes). Batches are freed when the next one is
 * asked for, as with `batchLoader`.
 *
 * @param bags - from {@link labelProportionBags}.
 * @param options - `bagsPerBatch` (1), `shuffle` (true), `seed` (0).
 * @returns a batch source for `train({ data })`, with `numBatches`.
 * @example
 * const bags = labelProportionBags(mnist, { bagSize: 16, seed: 0 });
 * const data = bagLoader(bags, { bagsPerBatch: 8, seed: 1 });
 * train({ model, loss: bagProportionLoss, optimizer: adam(1e-3), data, epochs: 5 });
 * @see Ardehaly & Culotta (2017), Co-Training for Demographic Classification Using Deep Learning
 * from Label Proportions (batches of bags, the proportion loss).
 */
export function bagLoader(bags: Bags, options: BagLoaderOptions = {}) {
  if (!bags || typeof bags.bag !== 'function' || !bags.proportions) throw new GradbookError('bagLoader(bags)', 'expected bags from labelProportionBags(dataset, { bagSize })');
  const per = options.bagsPerBatch ?? 1;
  if (!Number.isInteger(per) || per < 1) throw new GradbookError('bagLoader(bagsPerBatch)', `expected a whole number ≥ 1, got ${per}`);
  const seed = checkSeed('bagLoader', options.seed ?? 0);
  const ds = bags.dataset;
  const k = ds.numClasses;
  const bagOfRow = ds.table.array('bag') as ArrayLike<number>;
  // rows of each bag (the bagged dataset is sorted by bag)
  const members: number[][] = Array.from({ length: bags.numBags }, () => []);
  for (let r = 0; r < bagOfRow.length; r++) members[bagOfRow[r]!]!.push(r);
  const props = Array.from({ length: k }, (_, c) => bags.proportions.array(`p${c}`) as ArrayLike<number>);
  const numBatches = Math.ceil(bags.numBags / per);

  return {
    numBatches,
    /** One pass over the bags, `bagsPerBatch` whole bags per batch. */
    async *batches(epoch = 0): AsyncGenerator<Batch, void, undefined> {
      if (!Number.isInteger(epoch) || epoch < 0) throw new GradbookError('batches(epoch)', `expected a whole number ≥ 0, got ${epoch}`);
      const order = options.shuffle === false ? Int32Array.from({ length: bags.numBags }, (_, i) => i) : permutation(bags.numBags, deriveSeed(seed, 'bags', epoch));
      let previous: Batch | undefined;
      try {
        for (let b = 0; b < numBatches; b++) {
          const chosen = Array.from(order.subarray(b * per, (b + 1) * per));
          const rows = Int32Array.from(chosen.flatMap((i) => members[i]!));
          const plain = makeBatch(ds, rows, 0, rows.length, {});
          plain.y.dispose();
          const y = new Float32Array(rows.length * (k + 1));
          rows.forEach((r, i) => {
            const bag = bagOfRow[r]!;
            y[i * (k + 1)] = bag;
            for (let c = 0; c < k; c++) y[i * (k + 1) + 1 + c] = props[c]![bag]!;
          });
          const batch: Batch = { x: plain.x, y: tf.tensor2d(y, [rows.length, k + 1]), rows };
          if (previous) tf.dispose([previous.x, previous.y]);
          previous = batch;
          yield batch;
        }
      } finally {
        if (previous) tf.dispose([previous.x, previous.y]);
      }
    },
  };
}
