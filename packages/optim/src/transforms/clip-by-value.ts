import { GradbookError, tf, tree } from '@gradbook/core';
import type { GradientTransformation, TensorTree } from '@gradbook/core';
import { checkValue } from '../internal/hyper.js';

/** {@link clipByValue} has no state. */
export type ClipByValueState = Record<string, never>;

/**
 * Clips every coordinate of the updates to `[min, max]`.
 *
 * @param options.min - the lower bound (default `-1`).
 * @param options.max - the upper bound (default `1`); must be ≥ `min`.
 * @returns a stateless transformation.
 * @example
 * const opt = chain(clipByValue({ min: -0.5, max: 0.5 }), scaleByLearningRate(0.1));
 */
export function clipByValue({ min = -1, max = 1 }: { min?: number; max?: number } = {}): GradientTransformation<ClipByValueState> {
  const where = 'clipByValue';
  checkValue(where, 'min', min, 'any');
  checkValue(where, 'max', max, 'any');
  if (max < min) throw new GradbookError(where, `max (${max}) is below min (${min}); pass min ≤ max`);
  return {
    init: () => ({}),
    update: (updates: TensorTree, state: ClipByValueState) => ({ updates: tree.map(updates, (u) => tf.clipByValue(u, min, max)) as TensorTree, state }),
  };
}
