import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { ShapeError, formatShape } from '../errors.js';
import { customOp } from './custom-op.js';
import { avgPool2d } from './pool.js';

/**
 * `dy` summed over every axis but the last, as one average pool over all rows (times their count):
 * on wasm a sum over leading axes transposes first (0.11 ms for a `[128, 256]` gradient against
 * 0.04 ms this way; 3.2 against 0.4 ms for `[64, 28, 28, 32]`). Differentiable to any order.
 * @internal
 */
export function sumToLastAxis(dy: Tensor): Tensor {
  const c = dy.shape[dy.rank - 1]!;
  const rows = dy.size / c;
  // An empty batch has nothing to sum (and a pool window of 0 rows is not a pool).
  if (rows === 0) return tf.zeros([c], dy.dtype);
  return tf.mul(tf.reshape(avgPool2d(tf.reshape(dy, [1, rows, 1, c]), { size: [rows, 1] }), [c]), rows);
}

/**
 * `x + bias` along the last axis (a dense layer's pre-activation), differentiable to any order, with
 * the bias gradient from {@link sumToLastAxis}. @internal
 */
export function biasAdd(x: Tensor, bias: Tensor): Tensor {
  const c = x.shape[x.rank - 1];
  if (bias.rank !== 1 || bias.shape[0] !== c) {
    throw new ShapeError('dense(bias)', `expected a bias [${c}] for ${formatShape(x.shape)}, got ${formatShape(bias.shape)}`, [c ?? null], bias.shape);
  }
  return customOp([x, bias], (a, b) => tf.add(a, b), (dy) => [() => tf.reshape(dy, x.shape), () => sumToLastAxis(dy)]);
}
