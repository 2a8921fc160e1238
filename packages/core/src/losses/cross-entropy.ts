import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { GradbookError, ShapeError, formatShape } from '../errors.js';
import { logSoftmax } from '../ops/softmax.js';
import type { Loss } from '../model/types.js';
import { describeLoss } from './config.js';
import { checkClassLabels } from './class-labels.js';

/** Options of {@link crossEntropyWith}. */
export interface CrossEntropyOptions {
  /** Mix the one-hot target with the uniform distribution: `(1 − ε)·onehot + ε/k`. Default 0. */
  labelSmoothing?: number;
}

function targetsFor(where: string, logits: Tensor, labels: Tensor): Tensor {
  const [n, k] = logits.shape as [number, number];
  if (labels.rank === 2) {
    if (labels.shape[0] !== n || labels.shape[1] !== k) {
      throw new ShapeError(where, `soft targets must match the logits ${formatShape(logits.shape)}, got ${formatShape(labels.shape)}`, logits.shape, labels.shape);
    }
    return labels.dtype === 'float32' ? labels : tf.cast(labels, 'float32');
  }
  if (labels.rank !== 1 || labels.shape[0] !== n) {
    throw new ShapeError(where, `expected ${n} integer labels [${n}] for logits ${formatShape(logits.shape)}, got ${formatShape(labels.shape)}`, [n], labels.shape);
  }
  // tf.oneHot turns a label outside [0, k) into a zero row, so the loss would read −0 and train nothing.
  checkClassLabels(where, labels, k);
  const indices = labels.dtype === 'int32' ? labels : tf.cast(labels, 'int32');
  return tf.cast(tf.oneHot(indices as Tensor, k), 'float32');
}

/**
 * Cross-entropy with an options record: integer labels (or soft targets shaped like the logits),
 * optional label smoothing.
 *
 * @param options - `labelSmoothing` ε in [0, 1), default 0.
 * @returns a {@link Loss}: `(logits [n, k], labels [n]) → mean over the batch of −Σ target · logSoftmax(logits)`.
 * @example
 * const loss = crossEntropyWith({ labelSmoothing: 0.1 });
 * loss(logits, labels).print();
 * @see Szegedy et al. (2016), Rethinking the Inception Architecture (label smoothing).
 */
export function crossEntropyWith(options: CrossEntropyOptions = {}): Loss {
  const eps = options.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps < 1)) throw new GradbookError('crossEntropyWith(labelSmoothing)', `expected a number in [0, 1), got ${eps}`);
  const loss = (logits: Tensor, labels: Tensor): Scalar =>
    tf.tidy(() => {
      if (logits.rank !== 2) {
        throw new ShapeError('crossEntropy(output)', `expected logits [batch, classes], got ${formatShape(logits.shape)}`, [null, null], logits.shape);
      }
      if (logits.shape[0] === 0) throw new ShapeError('crossEntropy(output)', `the batch is empty (logits ${formatShape(logits.shape)}): a mean over no examples has no value; give at least one example`, [null, logits.shape[1]!], logits.shape);
      let target = targetsFor('crossEntropy(target)', logits, labels);
      if (eps > 0) target = tf.add(tf.mul(target, 1 - eps), eps / logits.shape[1]!);
      return tf.neg(tf.mean(tf.sum(tf.mul(target, logSoftmax(logits)), -1))) as Scalar;
    });
  return describeLoss(loss, { type: 'crossEntropy', labelSmoothing: eps });
}

/**
 * Mean cross-entropy of logits against integer class labels, `−mean_i log softmax(z_i)[y_i]`,
 * written with this package's `logSoftmax`, so its Hessian is exact (TensorFlow.js's
 * `tf.losses.softmaxCrossEntropy` is wrong at second order).
 *
 * @param logits - `[n, k]`, no softmax applied.
 * @param labels - `[n]` class indices (int32 or whole floats) in [0, k), or soft targets `[n, k]`.
 * @returns a scalar.
 * @throws GradbookError naming the first label outside [0, k) and its index (checked with one read of
 *   the labels per batch on cpu and wasm; `train` checks them on every backend).
 * @example
 * crossEntropy(tf.tensor2d([[0, 0]]), tf.tensor1d([1], 'int32')).print(); // 0.6931
 */
export const crossEntropy: Loss = crossEntropyWith();
