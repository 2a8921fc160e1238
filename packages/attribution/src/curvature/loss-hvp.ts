import { tidy } from '../internal/tidy.js';
import { tf, tree } from '@gradbook/core';
import type { Scalar, Tensor, TensorTree } from '@gradbook/core';
import { checkInput } from '../internal/checks.js';
import type { LossInput } from '../weights/fisher-diagonal.js';
import type { TreeOperator } from './operator.js';

/**
 * The exact Hessian-vector product of a scalar function of a tree: `v ↦ ∇²f(params)·v`, computed as
 * the gradient of `⟨∇f, v⟩` (reverse over reverse). Right to second order when `f` is built from
 * ops whose gradients are themselves differentiable correctly (Gradbook's layers and losses are).
 */
export function hvpOf<P extends TensorTree>(f: (p: P) => Scalar, params: P): TreeOperator {
  const { leaves, structure } = tree.flatten(params);
  return (v: TensorTree) =>
    tidy(() => {
      const vl = tree.flatten(v).leaves;
      const hv = tf.grads((...ls: Tensor[]) => {
        const gs = tf.grads((...inner: Tensor[]) => f(tree.unflatten(structure, inner) as P))(ls);
        return tf.addN(gs.map((g, i) => tf.sum(tf.mul(g, vl[i]!))));
      })(leaves);
      return tree.unflatten(structure, hv) as TensorTree;
    });
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
