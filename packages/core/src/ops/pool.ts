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
 * A pooled `[n, oh, ow, c]` tensor upsampled along the width only, as rows `[n·oh, 1, ow·kw·c]`:
 * broadcast against a full-resolution tensor viewed as rows `[n·oh, kh, ow·kw·c]` (see
 * {@link asRows}), it stands for the whole nearest-neighbour upsampling, one pass less than
 * upsampling and then combining (on wasm, 0.55 against 0.78 ms for a `[64, 28, 28, 32]` difference).
 */
function widthUpsampledRows(p: Tensor, kw: number): Tensor {
  const [n, oh, ow, c] = p.shape as [number, number, number, number];
  const t = kw === 1 ? p : tf.mul(tf.reshape(p, [n * oh * ow, 1, c]), tf.ones([1, kw, 1]));
  return tf.reshape(t, [n * oh, 1, ow * kw * c]);
}

/** A full-resolution `[n, oh·kh, ow·kw, c]` tensor as rows `[n·oh, kh, ow·kw·c]` (a free reshape). */
function asRows(t: Tensor, kh: number): Tensor {
  const [n, h, w, c] = t.shape as [number, number, number, number];
  return tf.reshape(t, [(n * h) / kh, kh, w * c]);
}

/**
 * 1 at the first maximum of each tiling window (row-major order, as TensorFlow and PyTorch route a
 * max-pooling gradient when a window holds its maximum twice, common after a ReLU), 0 elsewhere,
 * as rows `[n·oh, kh, ow·kw·c]`; `crop` is the input cut to the windows, `out` their maxima.
 *
 * With `u = 1` off the maxima (`step(max − x)`), `y = −u − k/P` (k the entry's row-major position
 * in its window, `P ≥ kh·kw` a power of two) is above −1 at maxima and at most −1 elsewhere, and
 * decreases along the window: the window maximum of `y` marks the first maximum alone, and
 * `y > max − 1/(2P)` only there. Every value is a multiple of `1/(2P)` below 2 in magnitude, so
 * all of it is exact in float32. Six full-size passes (one of them a max pool) and three smaller
 * ones; the version with power-of-two weights and materialised upsampling took ten full-size ones.
 */
function firstMaxRows(out: Tensor, crop: Tensor, [kh, kw]: Pair): Tensor {
  const [n, oh, ow, c] = out.shape as [number, number, number, number];
  const offMax = tf.step(tf.sub(widthUpsampledRows(out, kw), asRows(crop, kh)));
  if (kh * kw > 2 ** 20) return asRows(firstInWindowByCounts(tf.reshape(tf.sub(1, offMax), crop.shape), [kh, kw]), kh);
  const scale = 2 ** Math.ceil(Math.log2(kh * kw));
  const row = ow * kw * c;
  const order = new Float32Array(kh * row);
  for (let di = 0; di < kh; di++) {
    for (let x = 0; x < ow * kw; x++) order.fill(-(di * kw + (x % kw)) / scale, di * row + x * c, di * row + (x + 1) * c);
  }
  const y = tf.sub(tf.tensor3d(order, [1, kh, row]), offMax);
  const top = tf.maxPool(tf.reshape(y, [n, oh * kh, ow * kw, c]) as Tensor4D, [kh, kw], [kh, kw], 'valid');
  return tf.step(tf.sub(y, widthUpsampledRows(tf.sub(top, 1 / (2 * scale)), kw)));
}

/** The first maximum of each window for windows too large for {@link firstMaxRows}: running counts. */
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
 * `dy` routed to the first maxima: `mask ⊙ upsample(dy)` (mask as rows, see {@link firstMaxRows}),
 * zero-padded to `[h, w]`, with one broadcast multiply. Linear in `dy`; its adjoint sums
 * `mask ⊙ g` over each window, so it is differentiable to any order.
 */
function routeToMask(dy: Tensor, mask: Tensor, k: Pair, h: number, w: number): Tensor4D {
  const [n, oh, ow, c] = dy.shape as [number, number, number, number];
  const full = [n, oh * k[0], ow * k[1], c];
  return customOp(
    [dy],
    (d) => padTo(tf.reshape(tf.mul(widthUpsampledRows(d, k[1]), mask), full), h, w),
    (g) => [() => maskedWindowSums(g, mask, k, oh, ow)],
  ) as Tensor4D;
}

/** The adjoint of {@link routeToMask}: window sums of `mask ⊙ g` (g cropped to the windows). */
function maskedWindowSums(g: Tensor, mask: Tensor, k: Pair, oh: number, ow: number): Tensor4D {
  const [n, h, w, c] = g.shape as [number, number, number, number];
  const crop = oh * k[0] === h && ow * k[1] === w ? g : tf.slice(g, [0, 0, 0, 0], [n, oh * k[0], ow * k[1], c]);
  return customOp(
    [crop],
    (v) => {
      const masked = tf.reshape(tf.mul(asRows(v, k[0]), mask), [n, oh * k[0], ow * k[1], c]) as Tensor4D;
      return tf.mul(tf.avgPool(masked, k as [number, number], k as [number, number], 'valid'), k[0] * k[1]);
    },
    (dy) => [() => routeToMask(dy, mask, k, oh * k[0], ow * k[1])],
  ) as Tensor4D;
}

/**
 * Max pooling with tiling windows: TensorFlow.js's kernel forward; the gradient routes `dy` to the
 * maximal entries through a constant mask, so it is linear in `dy` and right at every order.
 */
function maxPoolTiled(x: Tensor, k: Pair, geometry: WindowGeometry): Tensor4D {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const { outHeight: oh, outWidth: ow } = geometry;
  return customOp(
    [x],
    (v) => tf.maxPool(v as Tensor4D, k as [number, number], k as [number, number], 'valid'),
    // made with the forward pass (when recording), so first and second order share one mask
    (dy, [, mask]) => [() => routeToMask(dy, mask!, k, h, w)],
    {
      saveAlso: (out, v) => {
        const crop = oh * k[0] === h && ow * k[1] === w ? v! : tf.slice(v!, [0, 0, 0, 0], [n, oh * k[0], ow * k[1], c]);
        return [firstMaxRows(out, crop, k)];
      },
    },
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
