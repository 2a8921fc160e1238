import { tidy } from './tidy.js';
import { tf, tree } from '@gradbook/core';
import type { Loss, Model, Params, Scalar, Tensor, TensorTree } from '@gradbook/core';

/** The gradient tree of `f` at `params` (first order only), and `f`'s value. */
export function paramValueAndGrad<P extends TensorTree>(f: (p: P) => Scalar, params: P): { value: Scalar; grads: P } {
  const { leaves, structure } = tree.flatten(params);
  const { value, grads } = tf.valueAndGrads((...ls: Tensor[]) => f(tree.unflatten(structure, ls) as P))(leaves);
  return { value: value as Scalar, grads: tree.unflatten(structure, grads) as P };
}

/** The loss of a batch as a function of the parameters. */
export function lossOf(model: Model, loss: Loss, x: Tensor, y: Tensor): (p: Params) => Scalar {
  return (p) => loss(model.apply(p, x), y);
}

/** Row `i` of a batch, keeping the batch dimension. */
export function row(t: Tensor, i: number): Tensor {
  return tf.slice(t, [i, ...new Array<number>(t.rank - 1).fill(0)], [1, ...t.shape.slice(1)]);
}

/** Rows `idx` of a batch. */
export function rows(t: Tensor, idx: readonly number[]): Tensor {
  return tf.gather(t, tf.tensor1d(idx as number[], 'int32'));
}

/**
 * Calls `each(i, grads)` with the loss gradient of every single example, one backward pass each;
 * the gradient tensors are freed after each call. A plain loop: exact for any model, including
 * ones whose examples interact through nothing but the loss.
 */
export function forEachExampleGradient(model: Model, params: Params, loss: Loss, x: Tensor, y: Tensor, each: (i: number, grads: Params) => void): void {
  const n = x.shape[0]!;
  for (let i = 0; i < n; i++) {
    tidy(() => {
      const { grads } = paramValueAndGrad(lossOf(model, loss, row(x, i), row(y, i)), params);
      each(i, grads);
    });
  }
}
