import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { ShapeError, formatShape } from '../errors.js';

/**
 * The fraction of examples whose largest logit is at the label: a metric, not differentiable.
 *
 * @param output - logits or probabilities `[n, k]`.
 * @param labels - `[n]` class indices, or one-hot / soft targets `[n, k]` (their argmax is the label).
 * @returns a scalar in [0, 1].
 * @example
 * accuracy(tf.tensor2d([[0, 1], [1, 0]]), tf.tensor1d([1, 1], 'int32')).print(); // 0.5
 */
export function accuracy(output: Tensor, labels: Tensor): Scalar {
  if (output.rank !== 2 || labels.shape[0] !== output.shape[0]) {
    throw new ShapeError('accuracy(labels)', `expected output [n, k] and labels [n], got ${formatShape(output.shape)} and ${formatShape(labels.shape)}`, [output.shape[0] ?? null], labels.shape);
  }
  return tf.tidy(() => {
    const truth = labels.rank === 2 ? tf.argMax(labels, -1) : tf.cast(labels, 'int32');
    return tf.mean(tf.cast(tf.equal(tf.argMax(output, -1), truth), 'float32')) as Scalar;
  });
}
