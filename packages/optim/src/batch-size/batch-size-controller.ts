import { GradbookError } from '@gradbook/core';
import type { TensorTree } from '@gradbook/core';
import { checkValue } from '../internal/hyper.js';
import { batchStatistics, type BatchStatistics } from './batch-statistics.js';
import { augmentedInnerProductTest, normTest, type BatchSizeDecision } from './tests.js';

/** Options of {@link batchSizeController}. */
export interface BatchSizeControllerOptions {
  /** The first batch size (default `32`). */
  initial?: number;
  /** The largest batch size (default `4096`; e.g. the dataset size). */
  max?: number;
  /** Which test decides (default `'norm'`). */
  test?: 'norm' | 'augmented-inner-product';
  /** η of the norm test (default `0.1`). */
  eta?: number;
  /** θ of the inner-product test (default `0.9`). */
  theta?: number;
  /** ν of the orthogonality test (default `tan 80°`). */
  nu?: number;
}

/** A batch-size controller: a data loader asks it for the size of the next batch. */
export interface BatchSizeController {
  /** The batch size to draw next. */
  readonly batchSize: number;
  /** Updates the batch size from the per-example gradients of the batch just used; returns the test's decision. */
  observe(perExample: TensorTree | BatchStatistics): BatchSizeDecision & { batchSize: number };
  /** The batch size to draw next (for loaders that take a function). */
  next(): number;
}

/**
 * Adaptive batch sizes as in AdAdaGrad: after each step, test the batch's per-example gradients
 * and, when the test fails, grow the batch to the size that would have passed (never shrinking,
 * capped at `max`). Plug it into a data loader as `batchSize: () => controller.next()`.
 *
 * @param options.initial - first batch size (default `32`).
 * @param options.max - cap (default `4096`).
 * @param options.test - `'norm'` (default) or `'augmented-inner-product'`.
 * @param options.eta - norm test η (default `0.1`). @param options.theta - θ (default `0.9`). @param options.nu - ν (default `tan 80°`).
 * @returns a {@link BatchSizeController}.
 * @example
 * const bs = batchSizeController({ initial: 16, max: 1024, test: 'norm', eta: 0.5 });
 * // after each step: bs.observe(perExampleGrads({ model, params, loss, x, y }));
 * // data loader: take bs.next() examples
 * @see Lau, Liu & Kolar (2024), AdAdaGrad: Adaptive Batch Size Schemes for Adaptive Gradient Methods.
 */
export function batchSizeController({ initial = 32, max = 4096, test = 'norm', eta = 0.1, theta = 0.9, nu = Math.tan((80 * Math.PI) / 180) }: BatchSizeControllerOptions = {}): BatchSizeController {
  const where = 'batchSizeController';
  checkValue(where, 'initial', initial, 'positive');
  checkValue(where, 'max', max, 'positive');
  if (!Number.isInteger(initial) || !Number.isInteger(max) || initial > max) {
    throw new GradbookError(where, `initial (${initial}) and max (${max}) must be integers with initial ≤ max`);
  }
  if (test !== 'norm' && test !== 'augmented-inner-product') {
    throw new GradbookError(where, `test must be 'norm' or 'augmented-inner-product', received '${String(test)}'`);
  }
  let current = initial;
  return {
    get batchSize() {
      return current;
    },
    next: () => current,
    observe(perExample) {
      const stats = 'meanNormSq' in (perExample as object) && typeof (perExample as BatchStatistics).meanNormSq === 'number' ? (perExample as BatchStatistics) : batchStatistics(perExample as TensorTree);
      const d = test === 'norm' ? normTest(stats, { eta }) : augmentedInnerProductTest(stats, { theta, nu });
      if (!d.pass) current = Math.min(max, Math.max(current, d.nextBatchSize));
      return { ...d, batchSize: current };
    },
  };
}
