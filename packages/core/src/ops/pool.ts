import type { Tensor, Tensor4D } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { customOp } from './custom-op.js';
import { expectNHWC, pair, windowGeometry, windowTaps, type WindowGeometry } from './windows.js';
import { stopGradient } from './stop-gradient.js';

/** Options of {@link maxPool2d} and {@link avgPool2d} (always `valid` padding). */
export interface Pool2dOptions {
  /** Window size, one number or `[rows, cols]`. Default 2. */
  size?: number | readonly [number, number];
  /** Step between windows. Default: the window size. */
  strides?: number | readonly [number, number];
}

type Pair = readonly [number, number];

/** Nearest-neighbour upsampling by whole factors, raw (no tape): broadcast multiplies, fast on wasm. */
function upsampleRaw(d: Tensor, [sh, sw]: Pair): Tensor4D {
  const [n, h, w, c] = d.shape as [number, number, number, number];
  let t: Tensor = sw === 1 ? d : tf.mul(tf.reshape(d, [n * h * w, 1, c]), tf.ones([1, sw, 1]));
  t = sh === 1 ? t : tf.mul(tf.reshape(t, [n * h, 1, w * sw * c]), tf.ones([1, sh, 1]));
  return tf.reshape(t, [n, h * sh, w * sw, c]);
}

/** Zero rows and columns after `t` up to `[h, w]` (windows that do not fit leave them out). */
function padTo(t: Tensor, h: number, w: number): Tensor4D {
  const [, th, tw] = t.shape as [number, number, number, number];
  if (th === h && tw === w) return t as Tensor4D;
  return tf.pad(t as Tensor4D, [[0, 0], [0, h - th], [0, w - tw], [0, 0]]);
}

/** Upsampling as a differentiable op; its adjoint is a window sum (average pooling times k²). */
function upsample(d: Tensor, k: Pair): Tensor4D {
  return customOp([d], (v) => upsampleRaw(v, k), (g) => [() => tf.mul(avgPoolTiled(g, k), k[0] * k[1])]) as Tensor4D;
}

/** Average pooling with windows that tile the input (strides = size), adjoint: upsampling. */
function avgPoolTiled(x: Tensor, k: Pair): Tensor4D {
  const [, h, w] = x.shape as [number, number, number, number];
  return customOp(
    [x],
    (v) => tf.avgPool(v as Tensor4D, k as [number, number], k as [number, number], 'valid'),
    (dy) => [() => padTo(tf.mul(upsample(dy, k), 1 / (k[0] * k[1])), h, w)],
  ) as Tensor4D;
}

/** Average pooling with overlapping windows; its adjoint is TensorFlow.js's AvgPoolGrad kernel. */
function avgPoolOverlapping(x: Tensor, k: Pair, s: Pair): Tensor4D {
  return customOp(
    [x],
    (v) => tf.avgPool(v as Tensor4D, k as [number, number], s as [number, number], 'valid'),
    (dy, [v]) => [() => avgPoolAdjoint(dy, v!, k, s)],
  ) as Tensor4D;
}

function avgPoolAdjoint(dy: Tensor, like: Tensor, k: Pair, s: Pair): Tensor4D {
  return customOp(
    [dy],
    (d) => tf.engine().runKernel('AvgPoolGrad', { dy: d, input: like }, { filterSize: k, strides: s, pad: 'valid' }) as Tensor4D,
    (g) => [() => avgPoolOverlapping(g, k, s)],
  ) as Tensor4D;
}

/**
 * Keeps, in each tiling window of a 0/1 mask, only the first 1 in row-major order — the entry that
 * TensorFlow and PyTorch route a max-pooling gradient to when a window holds its maximum twice
 * (common after a ReLU: windows of zeros). Each window position gets a distinct power of two,
 * larger for earlier positions, so the window maximum of `mask · weight` marks the first 1 alone
 * (exact: the products are 0 or whole powers of two). One more max pool, no cumulative sums
 * (on wasm those transpose: the gradient of a `[64, 28, 28, 32]` max pool took 20 → 13 ms).
 */
function firstInWindow(mask: Tensor, k: Pair): Tensor {
  const [kh, kw] = k;
  if (kh * kw === 1) return mask;
  if (kh * kw > 120) return firstInWindowByCounts(mask, k);
  const [n, h, w, c] = mask.shape as [number, number, number, number];
  // weights laid out [kh, (w/kw)·kw·c], broadcast over the leading n·h/kh axis only
  const row = w * c;
  const weights = new Float32Array(kh * row);
  for (let di = 0; di < kh; di++) {
    for (let x = 0; x < w; x++) weights.fill(2 ** (kh * kw - 1 - (di * kw + (x % kw))), di * row + x * c, di * row + (x + 1) * c);
  }
  const z = tf.reshape(tf.mul(tf.reshape(mask, [n * (h / kh), kh, row]), tf.tensor3d(weights, [1, kh, row])), [n, h, w, c]);
  const top = upsampleRaw(tf.maxPool(z as Tensor4D, k as [number, number], k as [number, number], 'valid'), k);
  return tf.sub(1, tf.step(tf.sub(top, z)));
}

/** {@link firstInWindow} for windows too large for distinct float32 powers: exclusive running counts. */
function firstInWindowByCounts(mask: Tensor, [kh, kw]: Pair): Tensor {
  const [n, h, w, c] = mask.shape as [number, number, number, number];
  const windows = tf.reshape(mask, [n * (h / kh), kh, w / kw, kw, c]);
  const beforeInRow = tf.cumsum(windows, 3, true);
  const inEarlierRows = tf.cumsum(tf.sum(windows, 3, true), 1, true);
  // counts are whole numbers: relu(1 − count) is 1 for none before, else 0
  const first = tf.mul(windows, tf.relu(tf.sub(1, tf.add(beforeInRow, inEarlierRows))));
  return tf.reshape(first, [n, h, w, c]);
}

/**
 * Max pooling with tiling windows: TensorFlow.js's kernel forward; the gradient routes `dy` to the
 * maximal entries through a constant mask, so it is linear in `dy` and right at every order.
 */
function maxPoolTiled(x: Tensor, k: Pair, geometry: WindowGeometry): Tensor4D {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const { outHeight: oh, outWidth: ow } = geometry;
  // 1 at the first maximum of each window, 0 elsewhere (and where windows do not fit): a constant
  const firstMaxMask = (out: Tensor, v: Tensor): Tensor => {
    const crop = oh * k[0] === h && ow * k[1] === w ? v : tf.slice(v, [0, 0, 0, 0], [n, oh * k[0], ow * k[1], c]);
    // 1 where an entry equals its window's maximum (max − entry is 0, else positive); tf.equal
    // and a cast cost 4× more on wasm.
    const hits = tf.sub(1, tf.step(tf.sub(upsampleRaw(out, k), crop)));
    return padTo(firstInWindow(hits, k), h, w);
  };
  return customOp(
    [x],
    (v) => tf.maxPool(v as Tensor4D, k as [number, number], k as [number, number], 'valid'),
    // made with the forward pass (when recording), so first and second order share one mask
    (dy, [, mask]) => [() => tf.mul(mask!, padTo(upsample(dy, k), h, w))],
    { saveAlso: (out, v) => [firstMaxMask(out, v!)] },
  ) as Tensor4D;
}

/** Max pooling with overlapping windows, from window taps and a first-maximum mask (slower). */
function maxPoolOverlapping(x: Tensor4D, k: Pair, s: Pair, geometry: WindowGeometry): Tensor4D {
  const t = windowTaps(x, k, s, geometry);
  const stacked = tf.stack(t, 4); // [n, oh, ow, c, k²]
  const fixed = stopGradient(stacked);
  const mask = tf.oneHot(tf.argMax(fixed, 4), t.length);
  fixed.dispose();
  return tf.sum(tf.mul(stacked, mask), 4) as Tensor4D;
}

function setup(where: string, x: Tensor, options: Pool2dOptions): { k: Pair; s: Pair; geometry: WindowGeometry } {
  expectNHWC(where, x);
  const k = pair(options.size ?? 2);
  const s = pair(options.strides ?? k);
  const geometry = windowGeometry(where, [x.shape[1], x.shape[2]], k, s, 'valid');
  return { k, s, geometry };
}

/**
 * Max pooling over `size` windows with `valid` padding, differentiable to any order on every
 * backend. The gradient goes to the maximal entry of each window through a constant mask (so the
 * second derivative is zero, as it should be); when a window holds its maximum more than once (a
 * window of zeros after a ReLU), the first in row-major order gets it, as in TensorFlow and PyTorch.
 *
 * @param x - images `[n, h, w, c]`.
 * @param options - `size` (default 2) and `strides` (default `size`).
 * @returns `[n, floor((h − size) / strides) + 1, …, c]`.
 * @example
 * ops.maxPool2d(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1])).print(); // [[[[4]]]]
 */
export function maxPool2d(x: Tensor, options: Pool2dOptions = {}): Tensor4D {
  const { k, s, geometry } = setup('ops.maxPool2d(x)', x, options);
  if (k[0] === 1 && k[1] === 1 && s[0] === 1 && s[1] === 1) return x as Tensor4D;
  if (k[0] === s[0] && k[1] === s[1]) return maxPoolTiled(x, k, geometry);
  return maxPoolOverlapping(x as Tensor4D, k, s, geometry);
}

/**
 * Average pooling over `size` windows with `valid` padding; linear, differentiable to any order.
 *
 * @param x - images `[n, h, w, c]`.
 * @param options - `size` (default 2) and `strides` (default `size`).
 * @returns `[n, floor((h − size) / strides) + 1, …, c]`.
 * @example
 * ops.avgPool2d(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1])).print(); // [[[[2.5]]]]
 */
export function avgPool2d(x: Tensor, options: Pool2dOptions = {}): Tensor4D {
  const { k, s } = setup('ops.avgPool2d(x)', x, options);
  if (k[0] === s[0] && k[1] === s[1]) return avgPoolTiled(x, k);
  return avgPoolOverlapping(x, k, s);
}
