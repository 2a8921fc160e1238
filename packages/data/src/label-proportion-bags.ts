import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { GradbookError } from '@gradbook/core';
import { Dataset } from './dataset.js';
import { checkSeed, deriveSeed, permutation } from './random.js';

/** Options of {@link labelProportionBags}. */
export interface BagOptions {
  /** Examples per bag (the last bag may be smaller unless `dropLast`). */
  bagSize: number;
  /** Seed of the random assignment to bags (a whole number). Default 0. */
  seed?: number;
  /** Leave out the examples of a last, smaller bag. Default false. */
  dropLast?: boolean;
}

/** A dataset cut into bags that reveal only their label proportions. */
export interface Bags {
  /** The bagged examples, with a `bag` column added (bag number of each row). */
  dataset: Dataset;
  /** One row per bag: `bag`, `size`, and `p0 … p{k−1}`, the fraction of each class in it. */
  proportions: ColumnTable;
  /** Number of bags. */
  numBags: number;
  /** The examples of bag `i`, as a dataset. */
  bag(i: number): Dataset;
}

/**
 * Randomly groups a classification dataset into bags of `bagSize` examples and records each bag's
 * label proportions — the setting of learning from label proportions, where a learner sees only
 * each bag's inputs and its class proportions.
 *
 * @param dataset - a classification dataset.
 * @param options - `bagSize` (required), `seed` (0), `dropLast` (false).
 * @returns `{ dataset, proportions, numBags, bag(i) }`.
 * @example
 * const bags = labelProportionBags(mnist, { bagSize: 64, seed: 0 });
 * bags.proportions.print(3);
 * @see Quadrianto, Smola, Caetano & Le (2009), Estimating labels from label proportions.
 */
export function labelProportionBags(dataset: Dataset, options: BagOptions): Bags {
  if (dataset.task !== 'classification') throw new GradbookError('labelProportionBags(dataset)', 'label proportions need class labels; this dataset is a regression set');
  const bagSize = options?.bagSize;
  if (!Number.isInteger(bagSize) || bagSize < 1) throw new GradbookError('labelProportionBags(bagSize)', `expected a whole number ≥ 1, got ${bagSize}`);
  const seed = checkSeed('labelProportionBags', options.seed ?? 0);
  const n = dataset.size;
  const numBags = options.dropLast ? Math.floor(n / bagSize) : Math.ceil(n / bagSize);
  if (numBags === 0) throw new GradbookError('labelProportionBags(bagSize)', `a bag of ${bagSize} is larger than the ${n} examples and dropLast leaves none; use a smaller bag`);
  const order = permutation(n, deriveSeed(seed, 'bags')).subarray(0, options.dropLast ? numBags * bagSize : n);
  const bagOfPosition = new Int32Array(order.length);
  // Positions sorted by bag, then by table order inside a bag.
  const members: number[][] = Array.from({ length: numBags }, () => []);
  order.forEach((pos, i) => members[Math.floor(i / bagSize)].push(pos));
  const positions: number[] = [];
  const starts: number[] = [];
  members.forEach((m, b) => {
    m.sort((x, y) => x - y);
    starts.push(positions.length);
    for (const p of m) {
      bagOfPosition[positions.length] = b;
      positions.push(p);
    }
  });
  starts.push(positions.length);
  const taken = dataset.take(positions, 'labelProportionBags');
  const bagged = taken.withTable(taken.table.assign({ bag: bagOfPosition }), 'labelProportionBags');
  const k = dataset.numClasses;
  const cols: Record<string, Float64Array | Int32Array> = { bag: new Int32Array(numBags), size: new Int32Array(numBags) };
  for (let c = 0; c < k; c++) cols[`p${c}`] = new Float64Array(numBags);
  const labels = bagged.labels;
  for (let b = 0; b < numBags; b++) {
    cols.bag[b] = b;
    const size = starts[b + 1] - starts[b];
    cols.size[b] = size;
    for (let i = starts[b]; i < starts[b + 1]; i++) cols[`p${labels[i]}`][b] += 1;
    for (let c = 0; c < k; c++) cols[`p${c}`][b] /= size;
  }
  return {
    dataset: bagged,
    proportions: aq.table(cols),
    numBags,
    bag(i: number): Dataset {
      if (!Number.isInteger(i) || i < 0 || i >= numBags) throw new GradbookError('bag(i)', `bag ${i} is outside 0 … ${numBags - 1}`);
      return bagged.take(Array.from({ length: starts[i + 1] - starts[i] }, (_, j) => starts[i] + j), 'bag');
    },
  };
}
