import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';

/**
 * The same values as `x`, cut off from differentiation: gradients do not flow through the result.
 * Costs no copy (the result shares `x`'s data) and records nothing on the tape.
 *
 * @param x - any tensor.
 * @returns a new tensor handle on `x`'s data; dispose it like any other.
 * @example
 * const m = ops.stopGradient(tf.max(z, -1, true)); // a constant shift for a stable log-sum-exp
 */
export function stopGradient<T extends Tensor>(x: T): T {
  const engine = tf.engine();
  // A second handle on the same data: count the reference (as the Identity kernel does), without
  // running a kernel, so nothing reaches the tape.
  (engine.backend as unknown as { incRef(dataId: unknown): void }).incRef(x.dataId);
  return engine.makeTensorFromDataId(x.dataId, x.shape, x.dtype) as T;
}
