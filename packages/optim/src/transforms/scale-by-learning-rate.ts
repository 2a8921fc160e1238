import { tf, tree } from '@gradbook/core';
import type { GradientTransformation, TensorTree } from '@gradbook/core';
import { checkHyper, valueAt, type Hyper } from '../internal/hyper.js';

/** State of {@link scaleByLearningRate}: the update count and the learning rate of the next update. */
export interface ScaleByLearningRateState {
  /** Updates done so far. */
  readonly count: number;
  /** The learning rate the next update will use (the schedule's value at `count`). */
  readonly learningRate: number;
}

/**
 * Multiplies updates by `−learningRate` (or `+learningRate` with `flipSign: false`): the step size
 * of a descent optimizer, and the last link of every alias in this package.
 *
 * @param learningRate - a number ≥ 0 or a schedule of the step count (e.g. {@link warmupCosineDecaySchedule}).
 * @param options.flipSign - multiply by `−learningRate` so that adding the updates descends (default `true`).
 * @returns a transformation whose state records the learning rate the next update uses
 *   (read it with {@link currentLearningRate}).
 * @example
 * const opt = chain(scaleByAdam(), scaleByLearningRate(linearSchedule({ init: 1e-3, end: 0, steps: 1000 })));
 */
export function scaleByLearningRate(learningRate: Hyper, { flipSign = true }: { flipSign?: boolean } = {}): GradientTransformation<ScaleByLearningRateState> {
  const where = 'scaleByLearningRate';
  checkHyper(where, 'learningRate', learningRate, 'nonNegative');
  const at = (n: number) => (typeof learningRate === 'function' ? learningRate(n) : learningRate);
  return {
    init: () => ({ count: 0, learningRate: at(0) }),
    update(updates: TensorTree, state: ScaleByLearningRateState) {
      const lr = valueAt(where, 'learningRate', learningRate, state.count, 'nonNegative');
      const s = flipSign ? -lr : lr;
      const out = tree.map(updates, (u) => tf.mul(u, s)) as TensorTree;
      return { updates: out, state: { count: state.count + 1, learningRate: at(state.count + 1) } };
    },
  };
}
