import type { Scalar } from '@tensorflow/tfjs';
import { flatten, unflatten } from '../tree/flatten.js';
import type { MapLeaves, Tree } from '../tree/types.js';
import { tapeGradients } from './gradients.js';

/** The value of a scalar function and its gradient, a tree shaped like the parameters. */
export interface ValueAndGrad<T extends Tree> {
  value: Scalar;
  grads: MapLeaves<T, import('@tensorflow/tfjs').Tensor>;
}

/**
 * Turns a scalar function of a parameter tree into one that also returns its gradient, a tree of
 * the same shape. A single tensor is a tree too (that is how input gradients are taken).
 *
 * Differentiable again: called inside another `valueAndGrad`/`grad`, the gradient is recorded, which
 * is how {@link hvp} works. Nothing is disposed: `value` and `grads` belong to the caller (wrap the
 * step in `tf.tidy`), and the caller's parameters are left alone.
 *
 * @param f - maps parameters to a scalar loss.
 * @returns `(params) → { value, grads }`.
 * @example
 * const step = valueAndGrad((p) => crossEntropy(model.apply(p, x), y));
 * const { value, grads } = step(params);
 */
export function valueAndGrad<T extends Tree>(f: (params: T) => Scalar): (params: T) => ValueAndGrad<T> {
  return (params: T) => {
    const { leaves, structure } = flatten(params);
    const { value, grads } = tapeGradients('valueAndGrad', () => f(params), leaves);
    return { value, grads: unflatten(structure, grads) as ValueAndGrad<T>['grads'] };
  };
}

/**
 * The gradient of a scalar function of a parameter tree, a tree of the same shape.
 *
 * @param f - maps parameters (a tree or a single tensor) to a scalar.
 * @returns `(params) → grads`.
 * @example
 * const g = grad((x: Tensor) => tf.sum(tf.square(x)))(tf.tensor1d([1, 2])); // [2, 4]
 */
export function grad<T extends Tree>(f: (params: T) => Scalar): (params: T) => ValueAndGrad<T>['grads'] {
  const vg = valueAndGrad(f);
  return (params: T) => {
    const { value, grads } = vg(params);
    value.dispose();
    return grads;
  };
}
