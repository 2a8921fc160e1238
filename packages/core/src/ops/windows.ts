import type { Tensor, Tensor4D } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { GradbookError, ShapeError, formatShape } from '../errors.js';

/** Padding of a 2-D window operation: TensorFlow's `same` or `valid`. */
export type Padding = 'same' | 'valid';

/** Where the windows of a 2-D convolution or pooling fall on an input of size `[h, w]`. */
export interface WindowGeometry {
  readonly outHeight: number;
  readonly outWidth: number;
  /** Rows and columns of zero padding before and after: `[[top, bottom], [left, right]]`. */
  readonly pads: readonly [readonly [number, number], readonly [number, number]];
}

function along(n: number, k: number, s: number, padding: Padding): [number, number, number] {
  if (padding === 'same') {
    const out = Math.ceil(n / s);
    const total = Math.max((out - 1) * s + k - n, 0);
    const before = Math.floor(total / 2);
    return [out, before, total - before];
  }
  return [Math.floor((n - k) / s) + 1, 0, 0];
}

/**
 * Output size and padding of a window operation, with TensorFlow's rule: `same` pads
 * `max((ceil(n/s) − 1)·s + k − n, 0)` in total, the smaller half before; `valid` does not pad.
 * @internal
 */
export function windowGeometry(
  where: string,
  inputHW: readonly [number, number],
  kernelHW: readonly [number, number],
  strides: readonly [number, number],
  padding: Padding,
): WindowGeometry {
  if (padding !== 'same' && padding !== 'valid') {
    throw new GradbookError(where, `padding must be 'same' or 'valid', got '${String(padding)}'`);
  }
  for (const s of [...strides, ...kernelHW]) {
    if (!Number.isInteger(s) || s < 1) {
      throw new GradbookError(where, `window sizes and strides must be positive integers, got kernel ${formatShape(kernelHW)} strides ${formatShape(strides)}`);
    }
  }
  const [oh, t, b] = along(inputHW[0], kernelHW[0], strides[0], padding);
  const [ow, l, r] = along(inputHW[1], kernelHW[1], strides[1], padding);
  if (oh < 1 || ow < 1) {
    throw new GradbookError(where, `a ${formatShape(kernelHW)} window does not fit in a ${formatShape(inputHW)} input with '${padding}' padding; use 'same' padding or a smaller window`);
  }
  return { outHeight: oh, outWidth: ow, pads: [[t, b], [l, r]] };
}

/** Normalises `n` or `[h, w]` to a pair. @internal */
export function pair(v: number | readonly [number, number]): [number, number] {
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

/** Checks a 4-D NHWC input. @internal */
export function expectNHWC(where: string, x: Tensor): asserts x is Tensor4D {
  if (x.rank !== 4) {
    throw new ShapeError(where, `expected a batch of images [batch, height, width, channels], got ${formatShape(x.shape)}`, [null, null, null, null], x.shape);
  }
}

/**
 * The taps of a window operation: for each kernel offset `(di, dj)` (row-major), the `[n, oh, ow, c]`
 * tensor whose `(i, j)` entry is the padded input at `(di + s·i, dj + s·j)`. Built only from pad,
 * slice and reshape, so it is linear and differentiable to any order on every backend.
 * @internal
 */
export function windowTaps(
  x: Tensor4D,
  kernelHW: readonly [number, number],
  strides: readonly [number, number],
  geometry: WindowGeometry,
): Tensor4D[] {
  const [n, h, w, c] = x.shape;
  const [kh, kw] = kernelHW;
  const [sh, sw] = strides;
  const { outHeight: oh, outWidth: ow, pads } = geometry;
  // Pad once, enough that every tap can take sh·oh rows and sw·ow columns.
  const needH = kh - 1 + sh * oh;
  const needW = kw - 1 + sw * ow;
  const bottom = Math.max(needH - (pads[0][0] + h), pads[0][1]);
  const right = Math.max(needW - (pads[1][0] + w), pads[1][1]);
  const padded =
    pads[0][0] || bottom || pads[1][0] || right
      ? tf.pad(x, [
          [0, 0],
          [pads[0][0], bottom],
          [pads[1][0], right],
          [0, 0],
        ])
      : x;
  const taps: Tensor4D[] = [];
  for (let di = 0; di < kh; di++) {
    for (let dj = 0; dj < kw; dj++) {
      if (sh === 1 && sw === 1) {
        taps.push(tf.slice(padded, [0, di, dj, 0], [n, oh, ow, c]));
      } else {
        const block = tf.reshape(tf.slice(padded, [0, di, dj, 0], [n, sh * oh, sw * ow, c]), [n, oh, sh, ow, sw, c]);
        taps.push(tf.reshape(tf.slice(block, [0, 0, 0, 0, 0, 0], [n, oh, 1, ow, 1, c]), [n, oh, ow, c]));
      }
    }
  }
  return taps;
}
