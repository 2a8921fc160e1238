import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { GradbookError, ShapeError, formatShape } from '../errors.js';
import { logSoftmax } from '../ops/softmax.js';
import { stopGradient } from '../ops/stop-gradient.js';

/**
 * The progressive self-knowledge distillation loss for one batch: cross-entropy against the soft
 * target `q = (1 − α)·onehot(label) + α·prevProbs`, where `prevProbs` are the model's own predicted
 * probabilities for the same examples one epoch earlier (a constant: no gradient flows into them).
 * `train` keeps those predictions and grows α for you: see `psKd`.
 *
 * @param logits - `[n, C]`, no softmax applied.
 * @param labels - `[n]` class indices.
 * @param prevProbs - `[n, C]`, rows summing to 1 (the previous epoch's softmax outputs).
 * @param alpha - α in [0, 1]: 0 is plain cross-entropy, 1 trains on the previous predictions alone.
 * @returns the batch mean of `−Σ_c q_c·log softmax(logits)_c`, a scalar.
 * @example
 * const logits = tf.tensor2d([[2, 0, -1]]);
 * const prev = tf.tensor2d([[0.6, 0.3, 0.1]]);
 * psKdLoss(logits, tf.tensor1d([0], 'int32'), prev, 0.3).print(); // 0.4398
 * @see Kim, Ji, Yoon & Hwang (ICCV 2021), Self-Knowledge Distillation with Progressive Refinement of Targets.
 */
export function psKdLoss(logits: Tensor, labels: Tensor, prevProbs: Tensor, alpha: number): Scalar {
  if (!(alpha >= 0 && alpha <= 1)) throw new GradbookError('psKdLoss(alpha)', `expected a number in [0, 1], got ${alpha}`);
  if (logits.rank !== 2) throw new ShapeError('psKdLoss(logits)', `expected logits [batch, classes], got ${formatShape(logits.shape)}`, [null, null], logits.shape);
  const [n, k] = logits.shape as [number, number];
  if (labels.rank !== 1 || labels.shape[0] !== n) {
    throw new ShapeError('psKdLoss(labels)', `expected ${n} integer labels [${n}] for logits ${formatShape(logits.shape)}, got ${formatShape(labels.shape)}`, [n], labels.shape);
  }
  if (prevProbs.rank !== 2 || prevProbs.shape[0] !== n || prevProbs.shape[1] !== k) {
    throw new ShapeError('psKdLoss(prevProbs)', `expected the logits' shape ${formatShape(logits.shape)}, got ${formatShape(prevProbs.shape)}`, logits.shape, prevProbs.shape);
  }
  return tf.tidy(() => {
    const onehot = tf.cast(tf.oneHot(tf.cast(labels, 'int32') as Tensor, k), 'float32');
    // the targets are constants, even when prevProbs was computed on a gradient tape
    const target = tf.add(tf.mul(onehot, 1 - alpha), tf.mul(stopGradient(tf.cast(prevProbs, 'float32')), alpha));
    return tf.neg(tf.mean(tf.sum(tf.mul(target, logSoftmax(logits)), -1))) as Scalar;
  });
}
