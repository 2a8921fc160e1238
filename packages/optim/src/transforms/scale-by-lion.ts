import { tf, tree } from '@gradbook/core';
import type { GradientTransformation, TensorTree } from '@gradbook/core';
import { checkValue } from '../internal/hyper.js';
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
 * @param options.b1 - interpolation for the update direction, in [0, 1) (default `0.9`).
 * @param options.b2 - decay of the momentum, in [0, 1) (default `0.99`).
 * @returns a transformation whose state holds `mu`.
 * @example
 * const opt = chain(scaleByLion(), scaleByLearningRate(1e-4));
 * @see Chen et al. (2023), Symbolic Discovery of Optimization Algorithms.
 */
export function scaleByLion({ b1 = 0.9, b2 = 0.99 }: { b1?: number; b2?: number } = {}): GradientTransformation<ScaleByLionState> {
  const where = 'scaleByLion';
  checkValue(where, 'b1', b1, 'beta');
  checkValue(where, 'b2', b2, 'beta');
  return {
    init: (params) => ({ count: 0, mu: tree.zerosLike(params) }),
    update(updates: TensorTree, state: ScaleByLionState) {
      checkTree(where, 'updates', updates, 'state.mu', state.mu);
      const [out, mu] = leafwise([updates, state.mu], 2, ([g, m]) => [
        tf.sign(tf.add(tf.mul(m!, b1), tf.mul(g!, 1 - b1))),
        tf.add(tf.mul(m!, b2), tf.mul(g!, 1 - b2)),
      ]);
      return { updates: out!, state: { count: state.count + 1, mu: mu! } };
    },
  };
}
