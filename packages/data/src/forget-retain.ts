import { GradbookError } from '@gradbook/core';
import type { Dataset } from './dataset.js';
import { checkSeed, deriveSeed, permutation } from './random.js';

/** Options of {@link forgetRetain}: give `classes` or `fraction`. */
export interface ForgetRetainOptions {
  /** Forget every example of these classes (one class or several). */
  classes?: number | readonly number[];
  /** Forget this fraction of the examples, chosen at random by `seed`, in (0, 1). */
  fraction?: number;
  /** Seed of the random choice (a whole number). Default 0. */
  seed?: number;
}

/** The examples to unlearn and the ones to keep; they share the dataset's store and partition it. */
export interface ForgetRetain {
  forget: Dataset;
  retain: Dataset;
}

/**
 * Splits a dataset into a forget set and a retain set for machine-unlearning experiments: either a
 * whole class (class-wise forgetting) or a random fraction of examples (random forgetting). Rows keep
 * their table order.
 *
 * @param dataset - the training examples.
 * @param options - `classes` or `fraction` (exactly one), `seed` (0).
 * @returns `{ forget, retain }`.
 * @example
 * const { forget, retain } = forgetRetain(mnist, { classes: 3 }); // unlearn the digit 3
 * const random = forgetRetain(mnist, { fraction: 0.1, seed: 0 }); // unlearn 10% at random
 * @see Fan et al. (2024), SalUn: Empowering machine unlearning via gradient-based weight saliency.
 */
export function forgetRetain(dataset: Dataset, options: ForgetRetainOptions): ForgetRetain {
  const { classes, fraction } = options ?? {};
  if ((classes === undefined) === (fraction === undefined)) {
    throw new GradbookError('forgetRetain', 'give exactly one of { classes } (forget whole classes) or { fraction } (forget a random fraction)');
  }
  const forget: number[] = [];
  const retain: number[] = [];
  if (classes !== undefined) {
    if (dataset.task !== 'classification') throw new GradbookError('forgetRetain(classes)', 'a regression dataset has no classes; use { fraction }');
    const list = typeof classes === 'number' ? [classes] : [...classes];
    const present = new Set<number>(dataset.labels);
    for (const c of list) {
      if (!Number.isInteger(c) || !present.has(c)) {
        throw new GradbookError('forgetRetain(classes)', `class ${c} has no examples in this dataset (its classes: ${[...present].sort((a, b) => a - b).join(', ')})`);
      }
    }
    const drop = new Set(list);
    dataset.labels.forEach((label, i) => (drop.has(label) ? forget : retain).push(i));
  } else {
    if (typeof fraction !== 'number' || !(fraction > 0 && fraction < 1)) {
      throw new GradbookError('forgetRetain(fraction)', `expected a fraction strictly between 0 and 1, got ${fraction}`);
    }
    const seed = checkSeed('forgetRetain', options.seed ?? 0);
    const k = Math.round(fraction * dataset.size);
    const chosen = new Uint8Array(dataset.size);
    permutation(dataset.size, deriveSeed(seed, 'forget')).subarray(0, k).forEach((i) => (chosen[i] = 1));
    chosen.forEach((c, i) => (c ? forget : retain).push(i));
  }
  if (forget.length === 0 || retain.length === 0) {
    const empty = forget.length === 0 ? 'forget' : 'retain';
    throw new GradbookError('forgetRetain', `the ${empty} set of ${dataset.size} examples would be empty; choose a different fraction or classes`);
  }
  return { forget: dataset.take(forget, 'forgetRetain'), retain: dataset.take(retain, 'forgetRetain') };
}
