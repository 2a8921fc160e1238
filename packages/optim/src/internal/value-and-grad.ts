import { tf, tree } from '@gradbook/core';
import type { Scalar, Tensor, TensorTree } from '@gradbook/core';

/**
 * The value and gradient of a scalar function of a parameter tree. A private stand-in for core's
 * `valueAndGrad` until it lands; same shape of result. The caller owns (and disposes) both.
 */
export function valueAndGradTree<T extends TensorTree>(f: (params: T) => Scalar, params: T): { value: Scalar; grads: T } {
  const { leaves, structure } = tree.flatten(params);
  const vg = tf.valueAndGrads((...xs: Tensor[]) => f(tree.unflatten(structure, xs) as T));
  const { value, grads } = vg(leaves);
  return { value: value as Scalar, grads: tree.unflatten(structure, grads) as T };
}
