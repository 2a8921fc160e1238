import { tf, tree } from '@gradbook/core';
import type { GradientTransformation, TensorTree } from '@gradbook/core';
import { checkHyper, valueAt, type Hyper } from '../internal/hyper.js';
import { checkTree } from '../internal/check-tree.js';
import { leafwise } from '../internal/leafwise.js';

/** State of {@link scaleByRms}: the update count and the running mean of squared gradients. */
export interface ScaleByRmsState {
  readonly count: number;
  /** Running mean of `g²`, shaped like the parameters. */
  readonly nu: TensorTree;
}

/**
 * Divides updates by the root of a running mean of squared gradients, as RMSProp in PyTorch:
 * `v ← ρ·v + (1−ρ)·g²`, update `g / (√v + ε)`.
 *
 * @param options.decay - ρ, in [0, 1) or a schedule (default `0.99`, PyTorch's `alpha`).
 * @param options.eps - added to `√v`, a number or a schedule (default `1e-8`).
 * @returns a transformation whose state holds `nu`.
 * @example
 * const opt = chain(scaleByRms({ decay: 0.9 }), scaleByLearningRate(1e-3));
 * @see Tieleman & Hinton (2012), Lecture 6.5 — RMSProp.
 */
export function scaleByRms({ decay = 0.99, eps = 1e-8 }: { decay?: Hyper; eps?: Hyper } = {}): GradientTransformation<ScaleByRmsState> {
  const where = 'scaleByRms';
  checkHyper(where, 'decay', decay, 'beta');
  checkHyper(where, 'eps', eps, 'nonNegative');
  return {
    init: (params) => ({ count: 0, nu: tree.zerosLike(params) }),
    update(updates: TensorTree, state: ScaleByRmsState) {
      checkTree(where, 'updates', updates, 'state.nu', state.nu);
      const rho = valueAt(where, 'decay', decay, state.count, 'beta');
      const epsilon = valueAt(where, 'eps', eps, state.count, 'nonNegative');
      const [out, nu] = leafwise([updates, state.nu], 2, ([g, v]) => {
        const v1 = tf.add(tf.mul(v!, rho), tf.mul(tf.square(g!), 1 - rho));
        return [tf.div(g!, tf.add(tf.sqrt(v1), epsilon)), v1];
      });
      return { updates: out!, state: { count: state.count + 1, nu: nu! } };
    },
  };
}
