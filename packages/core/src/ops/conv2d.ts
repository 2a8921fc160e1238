import type { Tensor, Tensor4D } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { ShapeError, formatShape } from '../errors.js';
import { customOp } from './custom-op.js';
import { sumToLastAxis } from './bias-add.js';
import { expectNHWC, pair, windowGeometry, windowTaps, type Padding, type WindowGeometry } from './windows.js';

/** Options of {@link conv2d} and {@link im2col}. */
export interface Conv2dOptions {
  /** Step between windows, one number or `[rows, cols]`. Default 1. */
  strides?: number | readonly [number, number];
  /** `same` (TensorFlow's rule) or `valid`. Default `valid`. */
  padding?: Padding;
}

/**
 * The patches of a 2-D convolution ("im2col"): for each output position, the input values under the
 * kernel, in the order of a `[kh, kw, c]` kernel flattened row-major, so that a convolution is
 * `patches · reshape(kernel, [kh·kw·c, cOut])`. Built from pad, slice and concat: linear, and
 * differentiable to any order.
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

/** Everything the three convolution kernels below share. */
interface ConvGeometry extends WindowGeometry {
  readonly inHW: readonly [number, number];
  readonly kernelHW: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly padding: Padding;
}

/**
 * `dy` spread out by the strides: `[n, (oh − 1)·sh + 1, (ow − 1)·sw + 1, c]` with `dy[i, j]` at
 * `(i·sh, j·sw)` and zeros between (broadcast-free pads of reshaped views, fast on wasm).
 */
function dilate(d: Tensor4D, sh: number, sw: number): Tensor4D {
  if (sh === 1 && sw === 1) return d;
  const [n, h, w, c] = d.shape;
  let t: Tensor = tf.pad(tf.reshape(d, [n * h * w, 1, c]), [[0, 0], [0, sw - 1], [0, 0]]);
  t = tf.pad(tf.reshape(t, [n * h, 1, w * sw * c]), [[0, 0], [0, sh - 1], [0, 0]]);
  return tf.slice(tf.reshape(t, [n, h * sh, w * sw, c]) as Tensor4D, [0, 0, 0, 0], [n, (h - 1) * sh + 1, (w - 1) * sw + 1, c]);
}

/** The forward convolution as a tape node whose gradients are the two kernels below. */
function convForward(x: Tensor, w: Tensor, g: ConvGeometry): Tensor4D {
  return customOp(
    [x, w],
    (a, b) => tf.conv2d(a as Tensor4D, b as Tensor4D, g.strides as [number, number], g.padding),
    (dy, [a, b]) => [() => convBackInput(dy, b!, g), () => convBackFilter(a!, dy, g)],
  ) as Tensor4D;
}

/**
 * `reverse(k, [0, 1])`: turning a `[kh, kw]` grid of taps by 180° reverses its row-major order, so
 * this is the `kh·kw` contiguous tap rows concatenated in reverse (on wasm ~0.2 ms for a
 * `[3, 3, 32, 64]` kernel, against ~0.5 ms for `Reverse` or a gather). Exact: values only move.
 */
function flipTaps(k: Tensor4D): Tensor4D {
  const [kh, kw, c, f] = k.shape;
  const taps = kh * kw;
  if (taps === 1) return k;
  const rows = tf.reshape(k, [taps, c * f]);
  const reversed = Array.from({ length: taps }, (_, i) => tf.slice(rows, [taps - 1 - i, 0], [1, c * f]));
  return tf.reshape(tf.concat(reversed, 0), [kh, kw, c, f]);
}

/**
 * The input gradient of a convolution, `Jₓᵀ·dy`: a stride-1 convolution of the dilated `dy`, zero
 * padded, with the flipped, channel-swapped kernel. The padding is passed to the convolution
 * (explicit padding) rather than made by `tf.pad`, which on wasm costs about as much as a small
 * convolution. With one input channel, the single-output convolution is a depthwise convolution
 * summed over channels instead (on wasm, for `dy` `[51, 26, 26, 8]`: 0.6 ms against 2.4 ms as
 * pad + convolution). Bilinear in (dy, kernel); its own gradients are the forward convolution and
 * the filter gradient, so it is differentiable to any order.
 */
function convBackInput(dy: Tensor, w: Tensor, g: ConvGeometry): Tensor4D {
  return customOp(
    [dy, w],
    (d, k) => {
      const [kh, kw] = g.kernelHW;
      const [sh, sw] = g.strides;
      const [h, wd] = g.inHW;
      const dil = dilate(d as Tensor4D, sh, sw);
      const pt = g.pads[0][0];
      const pl = g.pads[1][0];
      const pads: [[number, number], [number, number], [number, number], [number, number]] = [
        [0, 0],
        [kh - 1 - pt, h - 1 + pt - (g.outHeight - 1) * sh],
        [kw - 1 - pl, wd - 1 + pl - (g.outWidth - 1) * sw],
        [0, 0],
      ];
      const flipped = flipTaps(k as Tensor4D);
      if (k.shape[2] === 1) {
        const perChannel = tf.depthwiseConv2d(dil, tf.reshape(flipped, [kh, kw, k.shape[3]!, 1]) as Tensor4D, 1, pads);
        return tf.sum(perChannel, 3, true);
      }
      return tf.conv2d(dil, tf.transpose(flipped, [0, 1, 3, 2]) as Tensor4D, 1, pads);
    },
    (gx, [d, k]) => [() => convForward(gx, k!, g), () => convBackFilter(gx, d!, g)],
  ) as Tensor4D;
}

/**
 * Up to this many patch entries (`kh·kw·cIn`), the filter gradient is one depthwise convolution with
 * the batch as channels (see {@link filterGradDepthwise}). Beyond it, the convolution below (whose
 * output has only `kh·kw·cIn` positions) is faster. On wasm, for the 3×3×1 first layer of a CNN at
 * batch 64 (28×28, 32 filters): 4.4 ms against 7.1 ms for the transposed patches times `dy` (the
 * matrix product repacks the whole `dy` as its right operand) and 16 ms as a convolution.
 */
const PATCH_GRAD_MAX = 32;

/**
 * The kernel gradient of a convolution, `J_Wᵀ·dy`. Channels become the batch, the batch becomes
 * channels, and `dy` is the filter, dilated by the strides (the wasm backend has no
 * filter-gradient kernel); or, for few input channels, one depthwise convolution.
 */
function convBackFilter(x: Tensor, dy: Tensor, g: ConvGeometry): Tensor4D {
  return customOp(
    [x, dy],
    (a, d) => {
      const [kh, kw] = g.kernelHW;
      const c = a.shape[3]!;
      if (kh * kw * c <= PATCH_GRAD_MAX) return filterGradDepthwise(a as Tensor4D, d as Tensor4D, g);
      const [sh, sw] = g.strides;
      const [h, wd] = g.inHW;
      const needH = (g.outHeight - 1) * sh + kh;
      const needW = (g.outWidth - 1) * sw + kw;
      const pt = g.pads[0][0];
      const pl = g.pads[1][0];
      const pb = needH - pt - h;
      const pr = needW - pl - wd;
      const dt = tf.transpose(d, [1, 2, 0, 3]) as Tensor4D;
      if (pb >= 0 && pr >= 0) {
        // pad inside the convolution (no tf.pad copy)
        const xt = tf.transpose(a, [3, 1, 2, 0]) as Tensor4D;
        const pads: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [pt, pb], [pl, pr], [0, 0]];
        return tf.transpose(tf.conv2d(xt, dt, 1, pads, 'NHWC', [sh, sw]), [1, 2, 0, 3]);
      }
      let xp = tf.pad(a as Tensor4D, [
        [0, 0],
        [pt, Math.max(0, pb)],
        [pl, Math.max(0, pr)],
        [0, 0],
      ]);
      if (xp.shape[1] !== needH || xp.shape[2] !== needW) xp = tf.slice(xp, [0, 0, 0, 0], [xp.shape[0], needH, needW, xp.shape[3]]);
      const xt = tf.transpose(xp, [3, 1, 2, 0]) as Tensor4D;
      return tf.transpose(tf.conv2d(xt, dt, 1, 'valid', 'NHWC', [sh, sw]), [1, 2, 0, 3]);
    },
    (gw, [a, d]) => [() => convBackInput(d!, gw, g), () => convForward(a!, gw, g)],
  ) as Tensor4D;
}

/**
 * The filter gradient as one depthwise convolution summed over the batch: the input channels-first
 * (`[cIn, h, w, n]`, the batch as channels) and `dy` as `[oh, ow, n, cOut]` filters (channel
 * multiplier `cOut`, dilated by the strides); output channel `i·cOut + f` at tap `(di, dj)` of
 * image `c` is example i's `∂L/∂W[di, dj, c, f]`, and the batch sum is a small reduction of that
 * `[cIn, kh, kw, n·cOut]` output. Cheap for few input channels (the first layer of a CNN).
 */
function filterGradDepthwise(x: Tensor4D, dy: Tensor4D, g: ConvGeometry): Tensor4D {
  const [n, h, w, c] = x.shape;
  const [kh, kw] = g.kernelHW;
  const [sh, sw] = g.strides;
  const f = dy.shape[3];
  const needH = (g.outHeight - 1) * sh + kh;
  const needW = (g.outWidth - 1) * sw + kw;
  const [[pt], [pl]] = g.pads;
  const pb = needH - pt - h;
  const pr = needW - pl - w;
  let xt = tf.transpose(x, [3, 1, 2, 0]) as Tensor4D; // [c, h, w, n]
  const filters = tf.transpose(dy, [1, 2, 0, 3]) as Tensor4D; // [oh, ow, n, f]
  let out: Tensor;
  if (pb >= 0 && pr >= 0) {
    out = tf.depthwiseConv2d(xt, filters, 1, [[0, 0], [pt, pb], [pl, pr], [0, 0]], 'NHWC', [sh, sw]);
  } else {
    xt = tf.pad(xt, [[0, 0], [pt, Math.max(0, pb)], [pl, Math.max(0, pr)], [0, 0]]);
    if (xt.shape[1] !== needH || xt.shape[2] !== needW) xt = tf.slice(xt, [0, 0, 0, 0], [c, needH, needW, n]);
    out = tf.depthwiseConv2d(xt, filters, 1, 'valid', 'NHWC', [sh, sw]);
  }
  const summed = tf.sum(tf.reshape(out, [c * kh * kw, n, f]), 1); // [c·kh·kw, f]
  return (c === 1 ? tf.reshape(summed, [kh, kw, 1, f]) : tf.transpose(tf.reshape(summed, [c, kh, kw, f]), [1, 2, 0, 3])) as Tensor4D;
}

/**
 * 2-D convolution (cross-correlation, as in TensorFlow) of NHWC images with an HWIO kernel,
 * differentiable to any order on every backend. The forward pass is TensorFlow.js's fast
 * convolution kernel; both gradients are convolutions as well (the wasm backend lacks the
 * filter-gradient kernel, and its input-gradient kernel is ~14× slower than a convolution), and
 * each gradient's own gradients are the other two, so Hessian-vector products are exact.
 *
 * @param x - images `[n, h, w, cIn]`.
 * @param kernel - `[kh, kw, cIn, cOut]`.
 * @param options - `strides` (default 1) and `padding` (`same` or `valid`, default `valid`).
 * @returns `[n, oh, ow, cOut]`; with `same`, `oh = ceil(h / s)`; with `valid`, `floor((h − kh) / s) + 1`.
 * @example
 * ops.conv2d(tf.ones([1, 4, 4, 1]), tf.ones([3, 3, 1, 2]), { padding: 'same' }).shape; // [1, 4, 4, 2]
 */
export function conv2d(x: Tensor, kernel: Tensor, options: Conv2dOptions = {}): Tensor4D {
  return convForward(x, kernel, convGeometry(x, kernel, options));
}

/** Checks a convolution's operands and works out where its windows fall. */
function convGeometry(x: Tensor, kernel: Tensor, options: Conv2dOptions): ConvGeometry {
  expectNHWC('ops.conv2d(x)', x);
  if (kernel.rank !== 4 || kernel.shape[2] !== x.shape[3]) {
    throw new ShapeError(
      'ops.conv2d(kernel)',
      `expected a kernel [kh, kw, ${x.shape[3]}, cOut] for input ${formatShape(x.shape)}, got ${formatShape(kernel.shape)}`,
      [null, null, x.shape[3], null],
      kernel.shape,
    );
  }
  const kernelHW: [number, number] = [kernel.shape[0]!, kernel.shape[1]!];
  const strides = pair(options.strides ?? 1);
  const padding = options.padding ?? 'valid';
  const inHW: [number, number] = [x.shape[1], x.shape[2]];
  return { ...windowGeometry('ops.conv2d', inHW, kernelHW, strides, padding), inHW, kernelHW, strides, padding };
}

/**
 * `conv2d(x, kernel, options) + bias` as one tape node: the forward pass is TensorFlow.js's fused
 * convolution with bias (one kernel instead of a convolution and a broadcast add, 0.4–1.2 ms less per
 * layer on wasm), the bias gradient is `dy` summed over batch and positions (one average pool,
 * {@link sumToLastAxis}), and the other two
 * gradients are those of {@link conv2d}. What a convolution layer computes. @internal
 */
export function conv2dWithBias(x: Tensor, kernel: Tensor, bias: Tensor, options: Conv2dOptions = {}): Tensor4D {
  const g = convGeometry(x, kernel, options);
  const cOut = kernel.shape[3];
  if (bias.rank !== 1 || bias.shape[0] !== cOut) {
    throw new ShapeError('ops.conv2d(bias)', `expected a bias [${cOut}] for kernel ${formatShape(kernel.shape)}, got ${formatShape(bias.shape)}`, [cOut ?? null], bias.shape);
  }
  return customOp(
    [x, kernel, bias],
    (a, k, b) => tf.fused.conv2d({ x: a as Tensor4D, filter: k as Tensor4D, strides: g.strides as [number, number], pad: g.padding, bias: b }),
    (dy, [a, k]) => [() => convBackInput(dy, k!, g), () => convBackFilter(a!, dy, g), () => sumToLastAxis(dy)],
  ) as Tensor4D;
}

/** How a convolution layer slides its kernel (what per-example gradients need to know). @internal */
export interface ConvSpec {
  readonly kernelHW: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly padding: Padding;
}

/**
 * Each example's own kernel gradient of a convolution, all in one depthwise convolution: with the
 * batch as channels (`[c, h, w, n]`) and each example's `dy` as its own filter (channel multiplier
 * `cOut`, dilated by the strides), output channel `i·cOut + f` is example i's `∂L/∂W[·, ·, c, f]`.
 * First order only (per-example gradients are not differentiated again). @internal
 *
 * @returns `[n, kh, kw, cIn, cOut]`.
 */
export function perExampleFilterGrads(x: Tensor, dy: Tensor, spec: ConvSpec): Tensor {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const f = dy.shape[3]!;
  const [kh, kw] = spec.kernelHW;
  const [sh, sw] = spec.strides;
  const g = windowGeometry('perExampleGrads', [h, w], spec.kernelHW, spec.strides, spec.padding);
  const needH = (g.outHeight - 1) * sh + kh;
  const needW = (g.outWidth - 1) * sw + kw;
  const [[pt], [pl]] = g.pads;
  let xp = tf.pad(x as Tensor4D, [
    [0, 0],
    [pt, Math.max(0, needH - pt - h)],
    [pl, Math.max(0, needW - pl - w)],
    [0, 0],
  ]);
  if (xp.shape[1] !== needH || xp.shape[2] !== needW) xp = tf.slice(xp, [0, 0, 0, 0], [n, needH, needW, c]);
  const xt = tf.transpose(xp, [3, 1, 2, 0]) as Tensor4D; // [c, needH, needW, n]
  const filters = tf.transpose(dy, [1, 2, 0, 3]) as Tensor4D; // [oh, ow, n, f]
  const out = tf.depthwiseConv2d(xt, filters, 1, 'valid', 'NHWC', [sh, sw]); // [c, kh, kw, n·f]
  return tf.transpose(tf.reshape(out, [c, kh, kw, n, f]), [3, 1, 2, 0, 4]);
}
