import { tf, tree } from '@gradbook/core';
import type { GradientTransformation, TensorTree } from '@gradbook/core';
import { tidy } from '../internal/tidy.js';
import { checkHyper, valueAt, type Hyper } from '../internal/hyper.js';

/** State of {@link clipByGlobalNorm}: the update count (for a scheduled bound). */
export interface ClipByGlobalNormState {
  readonly count: number;
}

/**
 * Rescales the whole update tree so that its global L2 norm is at most `maxNorm`:
 * `u ← u · min(1, maxNorm / ‖u‖)`. The norm stays on the device (no synchronisation).
 *
 * @param maxNorm - the bound, a number > 0 or a schedule.
 * @returns a transformation with a step counter as its state.
 * @example
 * const opt = chain(clipByGlobalNorm(1), scaleByAdam(), scaleByLearningRate(1e-3));
 * @see Pascanu, Mikolov & Bengio (2013), On the difficulty of training recurrent neural networks.
 */
export function clipByGlobalNorm(maxNorm: Hyper): GradientTransformation<ClipByGlobalNormState> {
  const where = 'clipByGlobalNorm';
  checkHyper(where, 'maxNorm', maxNorm, 'positive');
  return {
    init: () => ({ count: 0 }),
    update(updates: TensorTree, state: ClipByGlobalNormState) {
      const c = valueAt(where, 'maxNorm', maxNorm, state.count, 'positive');
      const out = tidy(() => {
        const n = tree.norm(updates);
        const factor = tf.div(c, tf.maximum(n, c));
        return tree.map(updates, (u) => tf.mul(u, factor)) as TensorTree;
      });
      return { updates: out, state: { count: state.count + 1 } };
    },
  };
}
