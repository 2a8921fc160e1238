import { tidy } from './tidy.js';
import { tf } from '@gradbook/core';
import type { Model, Params, Tensor } from '@gradbook/core';

/**
 * The gradient, with respect to the batch `x`, of `Σᵢ out(x)[i, targets[i]]`: since examples do not
 * interact, row i is the gradient of example i's target output.
 */
export function targetGradient(fn: (x: Tensor) => Tensor, x: Tensor, targets: readonly number[] | Tensor): { grad: Tensor } {
  return tidy(() => {
    const t = Array.isArray(targets) ? tf.tensor1d(targets as number[], 'int32') : (targets as Tensor);
    const g = tf.grad((xi: Tensor) => {
      const out = fn(xi);
      const mask = tf.oneHot(t, out.shape[1]!).asType(out.dtype);
      return tf.sum(tf.mul(out, mask));
    })(x);
    return { grad: g };
  });
}

/** The model's forward pass as a function of the input. */
export function forward(model: Model, params: Params): (x: Tensor) => Tensor {
  return (x) => model.apply(params, x);
}

/** `rows` copies of a vector of targets: `[t0..tN, t0..tN, …]`. */
export function repeatTargets(targets: readonly number[], times: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < times; k++) out.push(...targets);
  return out;
}
