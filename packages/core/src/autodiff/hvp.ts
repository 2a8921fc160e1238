import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { flatten, unflatten } from '../tree/flatten.js';
import { zip } from '../tree/map.js';
import type { MapLeaves, Tree } from '../tree/types.js';
import { tapeGradients } from './gradients.js';

/**
 * The Hessian-vector product `H·v` of a scalar function at `params`, exactly, by double backward:
 * the gradient of `⟨∇f(params), v⟩`. Costs about 2–3 gradients. Exact only if every op in `f` is
 * right to second order — this package's ops, layers and losses are; TensorFlow.js's own
 * `tf.tanh`, `tf.sigmoid`, `tf.exp`, `tf.softmax`, `tf.logSoftmax` are not.
 *
 * @param f - maps parameters to a scalar loss.
 * @param params - where to take the Hessian (a tree, or one tensor).
 * @param vector - a tree shaped like `params`; a mismatch names the first differing path.
 * @returns `H·v`, shaped like `params`; the caller's trees are not disposed.
 * @example
 * const loss = (p) => crossEntropy(model.apply(p, x), y);
 * const hv = hvp(loss, params, tree.map(params, (t) => tf.onesLike(t)));
 * @see Pearlmutter (1994), Fast exact multiplication by the Hessian.
 */
export function hvp<T extends Tree>(f: (params: T) => Scalar, params: T, vector: MapLeaves<T, Tensor> | T): MapLeaves<T, Tensor> {
  // Checks that the trees match (and names the path where they do not).
  zip([params as Tree, vector as Tree], () => 0, 'hvp(vector)');
  const { leaves, structure } = flatten(params);
  const v = flatten(vector as Tree).leaves;
  return tf.tidy(() => {
    const { value, grads } = tapeGradients('hvp', () => {
      const inner = tapeGradients('hvp(f)', () => f(params), leaves);
      inner.value.dispose();
      const dots = inner.grads.map((g, i) => tf.sum(tf.mul(g, v[i]!)));
      return (dots.length === 1 ? dots[0]! : tf.addN(dots)) as Scalar;
    }, leaves);
    value.dispose();
    return unflatten(structure, grads) as MapLeaves<T, Tensor>;
  });
}
