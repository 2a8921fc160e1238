import { tf, tree } from '@gradbook/core';
import type { GradientTransformation, TensorTree } from '@gradbook/core';
import { checkHyper, valueAt, type Hyper } from '../internal/hyper.js';
import { checkTree } from '../internal/check-tree.js';
import { leafwise } from '../internal/leafwise.js';

/** State of {@link traceMomentum}: the update count and the momentum buffer `b`. */
export interface TraceMomentumState {
  readonly count: number;
  /** The momentum buffer, shaped like the parameters. */
  readonly trace: TensorTree;
}

/**
 * Heavy-ball momentum in PyTorch's convention: `b ← μ·b + g` (so `b = g` at the first step) and the
 * update is `b`, or `g + μ·b` with Nesterov's correction.
 *
 * @param options.decay - the momentum μ, a number in [0, 1) or a schedule (default `0.9`).
 * @param options.nesterov - use Nesterov's look-ahead form (default `false`).
 * @returns a transformation whose state holds the buffer `trace`.
 * @example
 * const heavyBall = chain(traceMomentum({ decay: 0.9 }), scaleByLearningRate(0.01));
 * @see Polyak (1964); Sutskever, Martens, Dahl & Hinton (2013).
 */
export function traceMomentum({ decay = 0.9, nesterov = false }: { decay?: Hyper; nesterov?: boolean } = {}): GradientTransformation<TraceMomentumState> {
  const where = 'traceMomentum';
  checkHyper(where, 'decay', decay, 'beta');
  return {
    init: (params) => ({ count: 0, trace: tree.zerosLike(params) }),
    update(updates: TensorTree, state: TraceMomentumState) {
      checkTree(where, 'updates', updates, 'state.trace', state.trace);
      const mu = valueAt(where, 'decay', decay, state.count, 'beta');
      const [out, trace] = leafwise([updates, state.trace], 2, ([g, b]) => {
        const t = tf.add(tf.mul(b!, mu), g!);
        return [nesterov ? tf.add(g!, tf.mul(t, mu)) : tf.clone(t), t];
      });
      return { updates: out!, state: { count: state.count + 1, trace: trace! } };
    },
  };
}
