import { GradbookError } from '@gradbook/core';
import type { Dataset } from './dataset.js';
import { checkSeed, deriveSeed, mulberry32, shuffleInPlace } from './random.js';

/** Options of {@link splitDataset}. */
export interface SplitOptions {
  /** Fraction of examples for validation, in (0, 1). Default 0.1. */
  validation?: number;
  /** Fraction of examples for testing, in (0, 1). Default 0.1. */
  test?: number;
  /** Seed of the shuffle (a whole number). Default 0. */
  seed?: number;
  /** Keep each class's share the same in every part (classification only). Default true. */
  stratify?: boolean;
}

/** Train, validation and test parts of a dataset; they share its feature store and do not overlap. */
export interface Splits {
  train: Dataset;
  validation: Dataset;
  test: Dataset;
}

function checkFraction(where: string, f: number): void {
  if (typeof f !== 'number' || !(f > 0 && f < 1)) throw new GradbookError(where, `expected a fraction strictly between 0 and 1, got ${f}`);
}

/** Row positions grouped by class (one group for regression or without stratification). */
export function strata(ds: Dataset, stratify: boolean): number[][] {
  if (!stratify || ds.task !== 'classification') return [Array.from({ length: ds.size }, (_, i) => i)];
  const groups: number[][] = Array.from({ length: ds.numClasses }, () => []);
  const labels = ds.labels;
  for (let i = 0; i < ds.size; i++) groups[labels[i]].push(i);
  return groups.filter((g) => g.length > 0);
}

/**
 * Splits a dataset into train, validation and test parts, shuffled by seed and, for classification,
 * stratified: each class contributes `round(fraction × its count)` examples to validation and to
 * test, the rest to train, so every part keeps the class proportions (to within one example per
 * class). Rows keep their table order inside each part.
 *
 * @param dataset - the examples.
 * @param options - `validation` (0.1), `test` (0.1), `seed` (0), `stratify` (true).
 * @returns `{ train, validation, test }`.
 * @throws GradbookError when the fractions do not leave every part at least one example.
 * @example
 * const { train, validation, test } = splitDataset(moons({ n: 1000 }), { validation: 0.2, test: 0.2, seed: 1 });
 * train.size; // 600
 */
export function splitDataset(dataset: Dataset, options: SplitOptions = {}): Splits {
  const { validation = 0.1, test = 0.1, stratify = true } = options;
  checkFraction('splitDataset(validation)', validation);
  checkFraction('splitDataset(test)', test);
  if (validation + test >= 1) {
    throw new GradbookError('splitDataset', `validation ${validation} + test ${test} leaves nothing to train on; keep their sum below 1`);
  }
  const seed = checkSeed('splitDataset', options.seed ?? 0);
  const parts: number[][] = [[], [], []];
  strata(dataset, stratify).forEach((group, g) => {
    shuffleInPlace(group, mulberry32(deriveSeed(seed, 'split', g)));
    const nVal = Math.round(validation * group.length);
    const nTest = Math.round(test * group.length);
    parts[1].push(...group.slice(0, nVal));
    parts[2].push(...group.slice(nVal, nVal + nTest));
    parts[0].push(...group.slice(nVal + nTest));
  });
  const names = ['train', 'validation', 'test'] as const;
  parts.forEach((p, i) => {
    if (p.length === 0) {
      throw new GradbookError(
        'splitDataset',
        `the ${names[i]} part of ${dataset.size} examples would be empty; use larger fractions or more data`,
      );
    }
    p.sort((a, b) => a - b);
  });
  return {
    train: dataset.take(parts[0], 'splitDataset'),
    validation: dataset.take(parts[1], 'splitDataset'),
    test: dataset.take(parts[2], 'splitDataset'),
  };
}
