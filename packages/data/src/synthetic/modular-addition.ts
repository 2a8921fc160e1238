import * as aq from 'arquero';
import { GradbookError } from '@gradbook/core';
import { Dataset } from '../dataset.js';
import { featureStore } from '../feature-store.js';
import { checkSeed, deriveSeed, permutation } from '../random.js';

/** Options of {@link modularAddition}. */
export interface ModularAdditionOptions {
  /** The modulus: ids run over 0 … p−1 and there are p² pairs. Default 23. */
  p?: number;
  /** Fraction of the p² pairs in the training part, in (0, 1); the rest is the test part. Default 0.5. */
  trainFraction?: number;
  /** Seed of the split (a whole number). Default 0. */
  seed?: number;
}

/**
 * The modular addition task of the grokking experiments: every pair `(a, b)` with `0 ≤ a, b < p`,
 * labelled `(a + b) mod p`, split at random into a training and a test part. Each example is the two
 * ids `[a, b]` (floats holding integers, as `embedding` takes them), so a model must learn the
 * table's structure from some of its entries to answer the others.
 *
 * @param options - `p` (23), `trainFraction` (0.5), `seed` (0).
 * @returns `{ train, test }`: datasets with columns `index`, `a`, `b`, `label`, items `[2]` and `p` classes.
 * @example
 * const { train, test } = modularAddition({ p: 23, trainFraction: 0.8, seed: 1 });
 * train.size + test.size; // 529
 * @see Power, Burda, Edwards, Babuschkin & Misra (2022), Grokking: Generalization Beyond Overfitting on Small Algorithmic Datasets.
 */
export function modularAddition(options: ModularAdditionOptions = {}): { train: Dataset; test: Dataset } {
  const { p = 23, trainFraction = 0.5 } = options;
  if (!Number.isInteger(p) || p < 2) throw new GradbookError('modularAddition(p)', `expected a whole number ≥ 2, got ${p}`);
  if (typeof trainFraction !== 'number' || !(trainFraction > 0 && trainFraction < 1)) {
    throw new GradbookError('modularAddition(trainFraction)', `expected a fraction strictly between 0 and 1, got ${trainFraction}`);
  }
  const seed = checkSeed('modularAddition', options.seed ?? 0);
  const n = p * p;
  const nTrain = Math.round(trainFraction * n);
  if (nTrain === 0 || nTrain === n) {
    throw new GradbookError('modularAddition(trainFraction)', `${trainFraction} of ${n} pairs leaves one part empty; use a fraction nearer 0.5`);
  }
  const index = new Int32Array(n);
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  const label = new Int32Array(n);
  const ab = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    index[i] = i;
    a[i] = Math.floor(i / p);
    b[i] = i % p;
    label[i] = (a[i]! + b[i]!) % p;
    ab[2 * i] = a[i]!;
    ab[2 * i + 1] = b[i]!;
  }
  const all = new Dataset({
    table: aq.table({ index, a, b, label }),
    store: featureStore(ab, n, 2, 1, ['a', 'b']),
    itemShape: [2],
    label: 'label',
    task: 'classification',
    numClasses: p,
    name: 'modularAddition',
    where: 'modularAddition',
  });
  const order = permutation(n, deriveSeed(seed, 'modularAddition'));
  const sorted = (part: Int32Array): Int32Array => part.slice().sort();
  return {
    train: all.take(sorted(order.subarray(0, nTrain)), 'modularAddition'),
    test: all.take(sorted(order.subarray(nTrain)), 'modularAddition'),
  };
}
