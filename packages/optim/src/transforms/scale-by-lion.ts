import { tf, tree } from '@gradbook/core';
import type { GradientTransformation, TensorTree } from '@gradbook/core';
import { checkHyper, valueAt, type Hyper } from '../internal/hyper.js';
import { checkTree } from '../internal/check-tree.js';
import { leafwise } from '../internal/leafwise.js';

/** State of {@link scaleByLion}: the update count and the momentum `m`. */
export interface ScaleByLionState {
  readonly count: number;
  /** The momentum, shaped like the parameters. */
  readonly mu: TensorTree;
}

/**
 * Lion's sign update: `c = β1·m + (1−β1)·g`, update `sign(c)`, then `m ← β2·m + (1−β2)·g`. Every
 * coordinate moves by exactly the learning rate, so Lion wants a 3–10× smaller one than Adam.
 *
 * @param options.b1 - interpolation for the update direction, in [0, 1) or a schedule (default `0.9`).
 * @param options.b2 - decay of the momentum, in [0, 1) or a schedule (default `0.99`).
 * @returns a transformation whose state holds `mu`.
 * @example
 * const opt = chain(scaleByLion(), scaleByLearningRate(1e-4));
 * @see Chen et al. (2023), Symbolic Discovery of Optimization Algorithms.
 */
export function scaleByLion({ b1 = 0.9, b2 = 0.99 }: { b1?: Hyper; b2?: Hyper } = {}): GradientTransformation<ScaleByLionState> {
  const where = 'scaleByLion';
  checkHyper(where, 'b1', b1, 'beta');
  checkHyper(where, 'b2', b2, 'beta');
  return {
    init: (params) => ({ count: 0, mu: tree.zerosLike(params) }),
    update(updates: TensorTree, state: ScaleByLionState) {
      checkTree(where, 'updates', updates, 'state.mu', state.mu);
      const beta1 = valueAt(where, 'b1', b1, state.count, 'beta');
      const beta2 = valueAt(where, 'b2', b2, state.count, 'beta');
      const [out, mu] = leafwise([updates, state.mu], 2, ([g, m]) => [
        tf.sign(tf.add(tf.mul(m!, beta1), tf.mul(g!, 1 - beta1))),
        tf.add(tf.mul(m!, beta2), tf.mul(g!, 1 - beta2)),
      ]);
      return { updates: out!, state: { count: state.count + 1, mu: mu! } };
    },
  };
}
