import { hvp } from '@gradbook/core';
import type { Scalar, TensorTree } from '@gradbook/core';
import { checkInput } from '../internal/checks.js';
import type { LossInput } from '../weights/fisher-diagonal.js';
import type { TreeOperator } from './operator.js';

/**
 * The Hessian of any scalar function of a tree as an operator `v ↦ ∇²f(params)·v`, by core's exact
 * `hvp` (reverse over reverse). Right to second order when `f` is built from Gradbook's ops,
 * layers and losses.
 *
 * @param f - a scalar function of the parameters.
 * @param params - where the Hessian is taken.
 * @returns the operator; each call returns a new tree (yours to dispose).
 * @example
 * const op = hvpOf((p) => crossEntropy(model.apply(p, x), y), params);
 * topEigenvalues(op, params);
 */
export function hvpOf<P extends TensorTree>(f: (p: P) => Scalar, params: P): TreeOperator {
  return (v: TensorTree) => hvp(f, params, v as never) as TensorTree;
}

/**
 * The loss Hessian of a model on a batch as an operator `v ↦ H·v` (trees shaped like `params`), the
 * input of {@link topEigenvalues}, {@link hutchinsonTrace}, {@link exactTrace},
 * {@link spectralDensity} and {@link hessianAlignment}. One HVP costs about 2–3 gradients.
 *
 * @param options - `model`, `params`, `loss` (use a second-order-correct loss such as core's
 *   `crossEntropy`), and the batch `x`, `y`.
 * @returns the operator; each call returns a new tree (yours to dispose).
 * @example
 * const hvp = lossHvp({ model, params, loss: crossEntropy, x, y });
 * const Hv = hvp(tree.map(params, (p) => tf.onesLike(p)));
 * @see Pearlmutter (1994), Fast Exact Multiplication by the Hessian.
 */
export function lossHvp(options: LossInput): TreeOperator {
  const { model, params, loss, x, y } = options;
  checkInput('lossHvp', model, x);
  return hvpOf((p) => loss(model.apply(p, x), y), params);
}
