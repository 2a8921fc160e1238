import { tf, tree } from '@gradbook/core';
import type { GradientTransformation, TensorTree } from '@gradbook/core';
import { checkHyper, valueAt, type Hyper } from '../internal/hyper.js';
import { checkTree } from '../internal/check-tree.js';
import { leafwise } from '../internal/leafwise.js';

/** State of {@link scaleByDiffGrad}: Adam's moments plus the previous gradient. */
export interface ScaleByDiffGradState {
  readonly count: number;
  readonly mu: TensorTree;
  readonly nu: TensorTree;
  /** The gradient of the previous step (zeros before the first). */
  readonly previous: TensorTree;
}

/**
 * diffGrad: Adam's moments damped by a friction coefficient from the change of the gradient,
 * `ξ = sigmoid(|g_{t−1} − g_t|)` (with `g_0 = 0`), update `(√(1−β2ᵗ)/(1−β1ᵗ))·ξ·m / (√v + ε)` —
 * the authors' reference form, with ε outside the bias correction.
 *
 * @param options.b1 - decay of the first moment, in [0, 1) or a schedule (default `0.9`).
 * @param options.b2 - decay of the second moment, in [0, 1) or a schedule (default `0.999`).
 * @param options.eps - added to `√v`, a number or a schedule (default `1e-8`).
 * @returns a transformation whose state holds `mu`, `nu` and `previous`.
 * @example
 * const opt = chain(scaleByDiffGrad(), scaleByLearningRate(1e-3));
 * @see Dubey et al. (2020), diffGrad: An Optimization Method for Convolutional Neural Networks.
 */
export function scaleByDiffGrad({ b1 = 0.9, b2 = 0.999, eps = 1e-8 }: { b1?: Hyper; b2?: Hyper; eps?: Hyper } = {}): GradientTransformation<ScaleByDiffGradState> {
  const where = 'scaleByDiffGrad';
  checkHyper(where, 'b1', b1, 'beta');
  checkHyper(where, 'b2', b2, 'beta');
  checkHyper(where, 'eps', eps, 'nonNegative');
  return {
    init: (params) => ({ count: 0, mu: tree.zerosLike(params), nu: tree.zerosLike(params), previous: tree.zerosLike(params) }),
    update(updates: TensorTree, state: ScaleByDiffGradState) {
      checkTree(where, 'updates', updates, 'state.mu', state.mu);
      const beta1 = valueAt(where, 'b1', b1, state.count, 'beta');
      const beta2 = valueAt(where, 'b2', b2, state.count, 'beta');
      const epsilon = valueAt(where, 'eps', eps, state.count, 'nonNegative');
      const t = state.count + 1;
      const factor = Math.sqrt(1 - beta2 ** t) / (1 - beta1 ** t);
      const [out, mu, nu, previous] = leafwise([updates, state.mu, state.nu, state.previous], 4, ([g, m, v, p]) => {
        const m1 = tf.add(tf.mul(m!, beta1), tf.mul(g!, 1 - beta1));
        const v1 = tf.add(tf.mul(v!, beta2), tf.mul(tf.square(g!), 1 - beta2));
        const xi = tf.sigmoid(tf.abs(tf.sub(p!, g!)));
        const u = tf.mul(tf.div(tf.mul(m1, xi), tf.add(tf.sqrt(v1), epsilon)), factor);
        return [u, m1, v1, tf.clone(g!)];
      });
      return { updates: out!, state: { count: t, mu: mu!, nu: nu!, previous: previous! } };
    },
  };
}
