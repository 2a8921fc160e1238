import { tf, tree } from '@gradbook/core';
import type { GradientTransformation, TensorTree } from '@gradbook/core';
import { checkHyper, valueAt, type Hyper } from '../internal/hyper.js';
import { checkTree } from '../internal/check-tree.js';
import { leafwise } from '../internal/leafwise.js';

/** State of {@link scaleByAdam}: the update count and the first and second moment estimates. */
export interface ScaleByAdamState {
  readonly count: number;
  /** First moment `m`, shaped like the parameters. */
  readonly mu: TensorTree;
  /** Second moment `v`, shaped like the parameters. */
  readonly nu: TensorTree;
}

/**
 * Rescales updates by Adam's bias-corrected moments: `m ← β1·m + (1−β1)·g`, `v ← β2·v + (1−β2)·g²`,
 * update `m̂ / (√v̂ + ε)` with `m̂ = m/(1−β1ᵗ)`, `v̂ = v/(1−β2ᵗ)` (PyTorch's placement of ε).
 * The bias corrections are JavaScript numbers folded into two scalars, so a step costs about a dozen
 * elementwise operations per parameter. With a scheduled β the correction uses the current value,
 * `1 − β(t)ᵗ`, as optax's `inject_hyperparams` does.
 *
 * @param options.b1 - decay of the first moment, in [0, 1) or a schedule (default `0.9`).
 * @param options.b2 - decay of the second moment, in [0, 1) or a schedule (default `0.999`).
 * @param options.eps - added to `√v̂`, a number or a schedule (default `1e-8`).
 * @returns a transformation whose state holds `mu` and `nu`.
 * @example
 * const opt = chain(scaleByAdam({ b2: 0.99 }), scaleByLearningRate(1e-3));
 * @see Kingma & Ba (2015), Adam: A Method for Stochastic Optimization.
 */
export function scaleByAdam({ b1 = 0.9, b2 = 0.999, eps = 1e-8 }: { b1?: Hyper; b2?: Hyper; eps?: Hyper } = {}): GradientTransformation<ScaleByAdamState> {
  const where = 'scaleByAdam';
  checkHyper(where, 'b1', b1, 'beta');
  checkHyper(where, 'b2', b2, 'beta');
  checkHyper(where, 'eps', eps, 'nonNegative');
  return {
    init: (params) => ({ count: 0, mu: tree.zerosLike(params), nu: tree.zerosLike(params) }),
    update(updates: TensorTree, state: ScaleByAdamState) {
      checkTree(where, 'updates', updates, 'state.mu', state.mu);
      const beta1 = valueAt(where, 'b1', b1, state.count, 'beta');
      const beta2 = valueAt(where, 'b2', b2, state.count, 'beta');
      const epsilon = valueAt(where, 'eps', eps, state.count, 'nonNegative');
      const t = state.count + 1;
      const bc1 = 1 - beta1 ** t;
      const sqrtBc2 = Math.sqrt(1 - beta2 ** t);
      // m̂/(√v̂ + ε) = m·(√bc2/bc1) / (√v + ε·√bc2)
      const factor = sqrtBc2 / bc1;
      const epsHat = epsilon * sqrtBc2;
      const [out, mu, nu] = leafwise([updates, state.mu, state.nu], 3, ([g, m, v]) => {
        const m1 = tf.add(tf.mul(m!, beta1), tf.mul(g!, 1 - beta1));
        const v1 = tf.add(tf.mul(v!, beta2), tf.mul(tf.square(g!), 1 - beta2));
        const u = tf.mul(tf.div(m1, tf.add(tf.sqrt(v1), epsHat)), factor);
        return [u, m1, v1];
      });
      return { updates: out!, state: { count: t, mu: mu!, nu: nu! } };
    },
  };
}
