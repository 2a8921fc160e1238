import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { customOp } from './custom-op.js';

/**
 * The same values as `x`, cut off from differentiation: gradients do not flow through the result.
 * Costs no copy (the result shares `x`'s data).
 *
 * @param x - any tensor.
 * @returns a new tensor handle on `x`'s data; dispose it like any other.
 * @example
 * const m = ops.stopGradient(tf.max(z, -1, true)); // a constant shift for a stable log-sum-exp
 */
export function stopGradient<T extends Tensor>(x: T): T {
  // A tape node with no inputs: no path from any differentiated tensor runs through it.
  return customOp([], () => tf.clone(x), () => []) as T;
}
