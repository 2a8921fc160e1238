import type { Tensor, Tensor4D } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { expectNHWC, pair, windowGeometry, windowTaps } from './windows.js';
import { stopGradient } from './stop-gradient.js';

/** Options of {@link maxPool2d} and {@link avgPool2d} (always `valid` padding). */
export interface Pool2dOptions {
  /** Window size, one number or `[rows, cols]`. Default 2. */
  size?: number | readonly [number, number];
  /** Step between windows. Default: the window size. */
  strides?: number | readonly [number, number];
}

function taps(where: string, x: Tensor, options: Pool2dOptions): Tensor4D[] {
  expectNHWC(where, x);
  const k = pair(options.size ?? 2);
  const s = pair(options.strides ?? k);
  const geometry = windowGeometry(where, [x.shape[1], x.shape[2]], k, s, 'valid');
  return windowTaps(x, k, s, geometry);
}

/**
 * Max pooling over `size` windows with `valid` padding, differentiable to any order: the gradient
 * goes to the first maximal entry of each window (a constant mask, so second derivatives are zero
 * as they should be) and needs no backend-specific gradient kernel.
 *
 * @param x - images `[n, h, w, c]`.
 * @param options - `size` (default 2) and `strides` (default `size`).
 * @returns `[n, floor((h − size) / strides) + 1, …, c]`.
 * @example
 * ops.maxPool2d(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1])).print(); // [[[[4]]]]
 */
export function maxPool2d(x: Tensor, options: Pool2dOptions = {}): Tensor4D {
  const t = taps('ops.maxPool2d(x)', x, options);
  if (t.length === 1) return t[0]!;
  const stacked = tf.stack(t, 4); // [n, oh, ow, c, k²]
  const fixed = stopGradient(stacked);
  const mask = tf.oneHot(tf.argMax(fixed, 4), t.length);
  fixed.dispose();
  return tf.sum(tf.mul(stacked, mask), 4) as Tensor4D;
}

/**
 * Average pooling over `size` windows with `valid` padding; linear, so differentiable to any order.
 *
 * @param x - images `[n, h, w, c]`.
 * @param options - `size` (default 2) and `strides` (default `size`).
 * @returns `[n, floor((h − size) / strides) + 1, …, c]`.
 * @example
 * ops.avgPool2d(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1])).print(); // [[[[2.5]]]]
 */
export function avgPool2d(x: Tensor, options: Pool2dOptions = {}): Tensor4D {
  const t = taps('ops.avgPool2d(x)', x, options);
  if (t.length === 1) return t[0]!;
  return tf.mul(tf.addN(t), 1 / t.length) as Tensor4D;
}
