import type { Tensor, Tensor4D } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { ShapeError, formatShape } from '../errors.js';
import { matMul } from './mat-mul.js';
import { expectNHWC, pair, windowGeometry, windowTaps, type Padding } from './windows.js';

/** Options of {@link conv2d} and {@link im2col}. */
export interface Conv2dOptions {
  /** Step between windows, one number or `[rows, cols]`. Default 1. */
  strides?: number | readonly [number, number];
  /** `same` (TensorFlow's rule) or `valid`. Default `valid`. */
  padding?: Padding;
}

/**
 * The patches of a 2-D convolution ("im2col"): for each output position, the input values under the
 * kernel, in the order of a `[kh, kw, c]` kernel flattened row-major.
 *
 * @param x - images `[n, h, w, c]` (NHWC).
 * @param kernelSize - `[kh, kw]` (or one number).
 * @param options - `strides` (default 1) and `padding` (default `valid`).
 * @returns `[n, oh, ow, kh·kw·c]`.
 * @example
 * ops.im2col(tf.ones([1, 3, 3, 1]), 2).shape; // [1, 2, 2, 4]
 */
export function im2col(x: Tensor, kernelSize: number | readonly [number, number], options: Conv2dOptions = {}): Tensor4D {
  expectNHWC('ops.im2col(x)', x);
  const k = pair(kernelSize);
  const s = pair(options.strides ?? 1);
  const geometry = windowGeometry('ops.im2col', [x.shape[1], x.shape[2]], k, s, options.padding ?? 'valid');
  const taps = windowTaps(x, k, s, geometry);
  return taps.length === 1 ? taps[0]! : tf.concat(taps, 3);
}

/**
 * 2-D convolution (cross-correlation, as in TensorFlow) of NHWC images with an HWIO kernel,
 * differentiable to any order on every backend — it trains on wasm, which lacks TensorFlow.js's
 * filter-gradient kernel. Computed as im2col (pad, slice, concat) and one fast {@link matMul}.
 *
 * @param x - images `[n, h, w, cIn]`.
 * @param kernel - `[kh, kw, cIn, cOut]`.
 * @param options - `strides` (default 1) and `padding` (`same` or `valid`, default `valid`).
 * @returns `[n, oh, ow, cOut]`; with `same`, `oh = ceil(h / s)`; with `valid`, `floor((h − kh) / s) + 1`.
 * @example
 * ops.conv2d(tf.ones([1, 4, 4, 1]), tf.ones([3, 3, 1, 2]), { padding: 'same' }).shape; // [1, 4, 4, 2]
 */
export function conv2d(x: Tensor, kernel: Tensor, options: Conv2dOptions = {}): Tensor4D {
  expectNHWC('ops.conv2d(x)', x);
  if (kernel.rank !== 4 || kernel.shape[2] !== x.shape[3]) {
    throw new ShapeError(
      'ops.conv2d(kernel)',
      `expected a kernel [kh, kw, ${x.shape[3]}, cOut] for input ${formatShape(x.shape)}, got ${formatShape(kernel.shape)}`,
      [null, null, x.shape[3], null],
      kernel.shape,
    );
  }
  const [kh, kw, cIn, cOut] = kernel.shape as [number, number, number, number];
  const patches = im2col(x, [kh, kw], options);
  const [n, oh, ow, depth] = patches.shape;
  const y = matMul(tf.reshape(patches, [n * oh * ow, depth]), tf.reshape(kernel, [kh * kw * cIn, cOut]));
  return tf.reshape(y, [n, oh, ow, cOut]);
}
