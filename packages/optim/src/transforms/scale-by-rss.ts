import { tf, tree } from '@gradbook/core';
import type { GradientTransformation, TensorTree } from '@gradbook/core';
import { checkHyper, checkValue, valueAt, type Hyper } from '../internal/hyper.js';
import { checkTree } from '../internal/check-tree.js';
import { leafwise } from '../internal/leafwise.js';

/** State of {@link scaleByRss}: the update count and the sum of squared gradients. */
export interface ScaleByRssState {
  readonly count: number;
  /** Sum of `g²` over all steps, shaped like the parameters. */
  readonly sumOfSquares: TensorTree;
}

/**
 * Divides updates by the root of the sum of all squared gradients so far (AdaGrad, PyTorch's form):
 * `s ← s + g²`, update `g / (√s + ε)`.
 *
 * @param options.eps - added to `√s`, a number or a schedule (default `1e-10`).
 * @param options.initialAccumulator - the starting value of `s` (default `0`).
 * @returns a transformation whose state holds `sumOfSquares`.
 * @example
 * const opt = chain(scaleByRss(), scaleByLearningRate(0.1));
 * @see Duchi, Hazan & Singer (2011), Adaptive Subgradient Methods.
 */
export function scaleByRss({ eps = 1e-10, initialAccumulator = 0 }: { eps?: Hyper; initialAccumulator?: number } = {}): GradientTransformation<ScaleByRssState> {
  const where = 'scaleByRss';
  checkHyper(where, 'eps', eps, 'nonNegative');
  checkValue(where, 'initialAccumulator', initialAccumulator, 'nonNegative');
  return {
    init: (params) => ({ count: 0, sumOfSquares: tree.map(params, (p) => tf.fill(p.shape, initialAccumulator, 'float32')) as TensorTree }),
    update(updates: TensorTree, state: ScaleByRssState) {
      checkTree(where, 'updates', updates, 'state.sumOfSquares', state.sumOfSquares);
      const epsilon = valueAt(where, 'eps', eps, state.count, 'nonNegative');
      const [out, s] = leafwise([updates, state.sumOfSquares], 2, ([g, s0]) => {
        const s1 = tf.add(s0!, tf.square(g!));
        return [tf.div(g!, tf.add(tf.sqrt(s1), epsilon)), s1];
      });
      return { updates: out!, state: { count: state.count + 1, sumOfSquares: s! } };
    },
  };
}
