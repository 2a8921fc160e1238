import { tf, tree } from '@gradbook/core';
import type { GradientTransformation, TensorTree } from '@gradbook/core';
import { checkHyper, valueAt, type Hyper } from '../internal/hyper.js';

/** State of {@link scale}: the update count (for a scheduled factor). */
export interface ScaleState {
  readonly count: number;
}

/**
 * Multiplies updates by a fixed or scheduled factor (no sign flip).
 *
 * @param factor - a finite number or a schedule of the step count.
 * @returns a transformation with a step counter as its state.
 * @example
 * const halve = scale(0.5);
 */
export function scale(factor: Hyper): GradientTransformation<ScaleState> {
  checkHyper('scale', 'factor', factor, 'any');
  return {
    init: () => ({ count: 0 }),
    update(updates: TensorTree, state: ScaleState) {
      const f = valueAt('scale', 'factor', factor, state.count, 'any');
      return { updates: tree.map(updates, (u) => tf.mul(u, f)) as TensorTree, state: { count: state.count + 1 } };
    },
  };
}
