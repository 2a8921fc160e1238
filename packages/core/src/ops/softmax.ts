import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { customOp } from './custom-op.js';

function lastAxis(x: Tensor, axis: number): number {
  return axis < 0 ? x.rank + axis : axis;
}

/**
 * `log Σ exp(x)` along an axis, computed stably (shifted by the maximum); differentiable to any
 * order (its gradient is `softmax(x)`). TensorFlow.js's own `tf.logSumExp` cannot be differentiated.
 *
 * @param x - any float tensor.
 * @param axis - the axis to reduce, default the last (`-1`).
 * @param keepDims - keep the reduced axis with size 1, default `false`.
 * @returns the reduced tensor.
 * @example
 * ops.logSumExp(tf.tensor1d([0, 0])).print(); // 0.6931
 */
export function logSumExp(x: Tensor, axis = -1, keepDims = false): Tensor {
  const ax = lastAxis(x, axis);
  const kept = customOp(
    [x],
    (v) => {
      const m = tf.max(v, ax, true);
      return tf.add(m, tf.log(tf.sum(tf.exp(tf.sub(v, m)), ax, true)));
    },
    (dy, [v]) => [() => tf.mul(dy, softmax(v!, ax))],
  );
  return keepDims ? kept : tf.squeeze(kept, [ax]);
}

/**
 * Softmax along an axis, differentiable to any order: the Jacobian-vector product
 * `s ⊙ (dy − Σ dy ⊙ s)` is built from `softmax(x)` recomputed with this op.
 *
 * @param x - any float tensor.
 * @param axis - the axis to normalise over, default the last (`-1`).
 * @returns probabilities of the shape of `x`.
 * @example
 * ops.softmax(tf.tensor1d([0, 0])).print(); // [0.5, 0.5]
 */
export function softmax<T extends Tensor>(x: T, axis = -1): T {
  const ax = lastAxis(x, axis);
  return customOp(
    [x],
    (v) => {
      const shifted = tf.sub(v, tf.max(v, ax, true));
      const e = tf.exp(shifted);
      return tf.div(e, tf.sum(e, ax, true));
    },
    (dy, [v]) => [
      () => {
        const s = softmax(v!, ax);
        return tf.mul(s, tf.sub(dy, tf.sum(tf.mul(dy, s), ax, true)));
      },
    ],
  ) as T;
}

/**
 * `log softmax(x)` along an axis, computed stably and differentiable to any order: its gradient
 * `dy − softmax(x) · Σ dy` uses this package's `softmax`, so Hessians through a cross-entropy are
 * exact (TensorFlow.js's own version is wrong at second order).
 *
 * @param x - logits, any float tensor.
 * @param axis - the class axis, default the last (`-1`).
 * @returns log-probabilities of the shape of `x`.
 * @example
 * ops.logSoftmax(tf.tensor1d([0, 0])).print(); // [-0.6931, -0.6931]
 */
export function logSoftmax<T extends Tensor>(x: T, axis = -1): T {
  const ax = lastAxis(x, axis);
  return customOp(
    [x],
    (v) => {
      const shifted = tf.sub(v, tf.max(v, ax, true));
      return tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), ax, true)));
    },
    (dy, [v]) => [() => tf.sub(dy, tf.mul(softmax(v!, ax), tf.sum(dy, ax, true)))],
  ) as T;
}
