import type { Tensor, Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { ShapeError, formatShape } from '../errors.js';
import { customOp } from './custom-op.js';

/**
 * The product `a · b` of two matrices, differentiable to any order, fast on WebAssembly.
 *
 * Its gradients transpose explicitly (`tf.transpose`) and then call this same non-transposed
 * product: on the wasm backend only plain 2-D `matMul` uses the fast kernel library, and the
 * transposed forms TensorFlow.js's own gradient uses run 15–70× slower.
 *
 * @param a - `[m, k]`.
 * @param b - `[k, n]`.
 * @returns `[m, n]`.
 * @example
 * ops.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).print(); // [[11]]
 */
export function matMul(a: Tensor, b: Tensor): Tensor2D {
  if (a.rank !== 2 || b.rank !== 2 || a.shape[1] !== b.shape[0]) {
    throw new ShapeError(
      'ops.matMul',
      `needs matrices [m, k] and [k, n], got ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
      [null, b.shape[0] ?? null],
      a.shape,
    );
  }
  return customOp([a, b], (x, y) => tf.matMul(x as Tensor2D, y as Tensor2D), (dy, [x, y]) => [
    () => matMul(dy, tf.transpose(y!)),
    () => matMul(tf.transpose(x!), dy),
  ]) as Tensor2D;
}
