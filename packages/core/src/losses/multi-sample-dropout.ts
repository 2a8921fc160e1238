import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { GradbookError, ShapeError, formatShape } from '../errors.js';
import { uniformArray } from '../random/uniform.js';
import type { Loss } from '../model/types.js';
import { crossEntropy } from './cross-entropy.js';

/** Options of {@link multiSampleDropout}. */
export interface MultiSampleDropoutOptions {
  /** K, the number of dropout samples through the head. Default 8. */
  samples?: number;
  /** The dropout rate p in [0, 1): each feature is zeroed with probability p, the rest scaled by 1/(1 − p). Default 0.5. */
  rate?: number;
  /** The loss of each sample, a mean over the batch (so the mean over all K·n rows is the mean of the K losses). Default `crossEntropy`. */
  loss?: Loss;
  /** Seeds the K masks (drawn as the `dropout` layer draws its mask). Default 0: pass the step for fresh masks. */
  seed?: number;
  /** Explicit 0/1 masks `[K, ...features.shape]`; then `samples` and `seed` are not used. */
  masks?: Tensor;
}

/**
 * Multi-sample dropout: the features go through K independent dropout masks and the shared `head`
 * (the same parameters for every sample), and the loss is the average of the K losses,
 * `(1/K)·Σ_k loss(head(h ⊙ mask_k / (1 − p)), labels)`. The K samples run as one batch of K·n rows,
 * so the head runs once. With K = 1 it is ordinary dropout before the head.
 *
 * @param head - the layers after the dropout, e.g. `(h) => model.apply(params, h, { from: 'features' })`.
 * @param features - `[n, ...]`, e.g. `model.apply(params, x, { upTo: 'features', training: true })`.
 * @param labels - the targets of the n examples, as `loss` takes them.
 * @param options - `samples` K (8), `rate` (0.5), `loss` (`crossEntropy`), `seed` (0) or `masks`.
 * @returns the averaged loss, a scalar.
 * @example
 * const loss = (p) => multiSampleDropout(
 *   (h) => model.apply(p, h, { from: 'hidden' }),
 *   model.apply(p, x, { upTo: 'hidden' }),
 *   y, { samples: 4, rate: 0.5, seed: step });
 * const { value, grads } = valueAndGrad(loss)(params);
 * @see Inoue (2019), Multi-Sample Dropout for Accelerated Training and Better Generalization.
 */
export function multiSampleDropout(head: (h: Tensor) => Tensor, features: Tensor, labels: Tensor, options: MultiSampleDropoutOptions = {}): Scalar {
  const { rate = 0.5, loss = crossEntropy, seed = 0 } = options;
  if (typeof head !== 'function') throw new GradbookError('multiSampleDropout(head)', 'expected a function of the features, e.g. (h) => model.apply(params, h, { from: layer })');
  if (!(rate >= 0 && rate < 1)) throw new GradbookError('multiSampleDropout(rate)', `expected a number in [0, 1), got ${rate}`);
  const n = features.shape[0]!;
  if (labels.shape[0] !== n) {
    throw new ShapeError('multiSampleDropout(labels)', `expected labels for the ${n} examples of the features ${formatShape(features.shape)}, got ${formatShape(labels.shape)}`, [n], labels.shape);
  }
  const k = options.masks ? options.masks.shape[0]! : (options.samples ?? 8);
  if (!Number.isInteger(k) || k < 1) throw new GradbookError('multiSampleDropout(samples)', `expected a whole number ≥ 1, got ${k}`);
  if (options.masks) {
    const want = [k, ...features.shape];
    if (options.masks.rank !== want.length || options.masks.shape.some((d, i) => d !== want[i])) {
      throw new ShapeError('multiSampleDropout(masks)', `expected [K, ...features.shape] = ${formatShape(want)}, got ${formatShape(options.masks.shape)}`, want, options.masks.shape);
    }
  }
  return tf.tidy(() => {
    const masks = options.masks ? tf.cast(options.masks, 'float32') : drawMasks(seed, [k, ...features.shape], rate);
    // [K, n, ...] → [K·n, ...]: sample k's rows are k·n … k·n + n − 1
    const dropped = tf.reshape(tf.mul(tf.expandDims(features, 0), tf.mul(masks, 1 / (1 - rate))), [k * n, ...features.shape.slice(1)]);
    const tiled = tf.tile(labels, [k, ...labels.shape.slice(1).map(() => 1)]);
    return loss(head(dropped), tiled);
  });
}

/** K keep-masks of 0/1 entries, each entry kept with probability 1 − rate. */
function drawMasks(seed: number, shape: number[], rate: number): Tensor {
  const u = uniformArray(seed, shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < u.length; i++) u[i] = u[i]! >= rate ? 1 : 0;
  return tf.tensor(u, shape, 'float32');
}
