import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { GradbookError } from '../errors.js';
import { customOp } from './custom-op.js';

/**
 * `sign(x)` (with `sign(0) = 0`) whose gradient is the straight-through estimator: the upstream
 * gradient passed through unchanged where `|x| ≤ threshold`, zero beyond (the clipped STE, i.e. the
 * derivative of `hardtanh` for `threshold = 1`). The baseline that {@link reste} rectifies.
 *
 * @param x - any float tensor.
 * @param options - `threshold` where gradients stop, default 1 (`Infinity` passes every gradient).
 * @returns `sign(x)`, the shape of `x`.
 * @example
 * const x = tf.tensor1d([-2, -0.5, 0, 1]);
 * ops.ste(x).print();                                  // [-1, -1, 0, 1]
 * grad((v) => tf.sum(ops.ste(v)))(x).print();         // [0, 1, 1, 1]
 * @see Bengio, Léonard & Courville (2013), Estimating or propagating gradients through stochastic
 * neurons; Hubara et al. (2016), Binarized Neural Networks (the clipped form).
 */
export function ste<T extends Tensor>(x: T, options: { threshold?: number } = {}): T {
  const { threshold = 1 } = options;
  if (!(threshold > 0)) throw new GradbookError('ste(threshold)', `expected a number > 0, got ${threshold}`);
  return customOp([x], (v) => tf.sign(v), (dy, [v]) => [
    () => (threshold === Infinity ? tf.clone(dy) : tf.mul(dy, tf.cast(tf.lessEqual(tf.abs(v!), threshold), 'float32'))),
  ]) as T;
}
