import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { ShapeError, formatShape } from '../errors.js';
import { describeLoss } from './config.js';

/**
 * Mean squared error `mean((output − target)²)` over every entry (so also the mean over the batch of
 * each example's mean squared error).
 *
 * @param output - any shape.
 * @param target - the same shape.
 * @returns a scalar.
 * @example
 * mse(tf.tensor1d([1, 2]), tf.tensor1d([1, 4])).print(); // 2
 */
export function mse(output: Tensor, target: Tensor): Scalar {
  if (output.shape.length !== target.shape.length || output.shape.some((d, i) => d !== target.shape[i])) {
    throw new ShapeError('mse(target)', `expected the output's shape ${formatShape(output.shape)}, got ${formatShape(target.shape)}`, output.shape, target.shape);
  }
  if (output.size === 0) throw new ShapeError('mse(output)', `the output ${formatShape(output.shape)} is empty: a mean over no entries has no value; give at least one example`, output.shape, output.shape);
  return tf.tidy(() => tf.mean(tf.square(tf.sub(output, target.dtype === 'float32' ? target : tf.cast(target, 'float32')))) as Scalar);
}
describeLoss(mse, { type: 'mse' });
