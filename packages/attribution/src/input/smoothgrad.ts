import { tidy } from '../internal/tidy.js';
import { GradbookError, ShapeError, formatShape, tf } from '@gradbook/core';
import type { Tensor } from '@gradbook/core';
import { checkInput, checkInteger, targetsFor } from '../internal/checks.js';
import { repeatTargets, targetGradient } from '../internal/target-gradient.js';
import type { AttributionInput } from './input-gradient.js';

/** Options of {@link smoothGrad}. */
export interface SmoothGradOptions extends AttributionInput {
  /**
   * `'smoothgrad'` (default): the mean gradient over noisy copies; `'smoothgrad-squared'`: the mean
   * of squared gradients (SmoothGrad²); `'vargrad'`: their variance.
   */
  variant?: 'smoothgrad' | 'smoothgrad-squared' | 'vargrad';
  /** Noisy copies per example. Default 50. Ignored when `noise` is given. */
  samples?: number;
  /** Noise standard deviation as a fraction of each example's value range (max − min). Default 0.15. */
  noiseLevel?: number;
  /** Seed of the noise. Default 0. */
  seed?: number;
  /** Explicit noise shaped `[samples, ...x.shape]` (added to `x`), instead of drawing it. */
  noise?: Tensor;
  /** The most rows (samples × examples) in one backward pass. Default 256. */
  batchSize?: number;
}

/**
 * SmoothGrad and its variants: input gradients averaged over Gaussian-perturbed copies of the input,
 * which removes much of the visual noise of raw saliency maps.
 *
 * @param options - `model`, `params`, `x`, `target`; `variant` ('smoothgrad'), `samples` (50),
 *   `noiseLevel` (0.15), `seed` (0), `noise` (drawn), `batchSize` (256).
 * @returns the attribution shaped like `x` (yours to dispose).
 * @example
 * const map = smoothGrad({ model, params, x: images, target: 3, samples: 25 });
 * @see Smilkov, Thorat, Kim, Viégas, Wattenberg (2017), SmoothGrad: removing noise by adding noise.
 * @see Adebayo et al. (2018), Local Explanation Methods for Deep Neural Networks Lack Sensitivity to Parameter Values (VarGrad).
 */
export function smoothGrad(options: SmoothGradOptions): Tensor {
  const where = 'smoothGrad';
  const { model, params, x, target, variant = 'smoothgrad', noiseLevel = 0.15, seed = 0, batchSize = 256 } = options;
  checkInput(where, model, x);
  const n = x.shape[0]!;
  const targets = targetsFor(where, model, target, n);
  checkInteger(where, 'batchSize', batchSize);
  if (!['smoothgrad', 'smoothgrad-squared', 'vargrad'].includes(variant)) {
    throw new GradbookError(`${where}(variant)`, `unknown variant "${variant}"; use 'smoothgrad', 'smoothgrad-squared' or 'vargrad'`);
  }
  const samples = options.noise ? options.noise.shape[0]! : (options.samples ?? 50);
  checkInteger(where, 'samples', samples);
  if (options.noise) {
    const want = [samples, ...x.shape];
    if (options.noise.shape.length !== want.length || want.some((d, i) => d !== options.noise!.shape[i])) {
      throw new ShapeError(`${where}(noise)`, `noise shape ${formatShape(options.noise.shape)} should be [samples, ...x.shape] = ${formatShape(want)}`, want, options.noise.shape);
    }
  }
  const fn = (xi: Tensor): Tensor => model.apply(params, xi);
  return tidy(() => {
    let noise = options.noise;
    if (!noise) {
      const axes = x.shape.slice(1).map((_, i) => i + 1);
      const range = tf.sub(tf.max(x, axes, true), tf.min(x, axes, true));
      noise = tf.mul(tf.randomNormal([samples, ...x.shape], 0, 1, 'float32', seed), tf.mul(noiseLevel, range));
    }
    const m = Math.max(1, Math.floor(batchSize / n));
    let sum: Tensor = tf.zerosLike(x);
    let sumSq: Tensor = tf.zerosLike(x);
    for (let k0 = 0; k0 < samples; k0 += m) {
      const count = Math.min(m, samples - k0);
      const [s, sq] = tidy(() => {
        const points = tf.reshape(tf.add(tf.expandDims(x, 0), tf.slice(noise!, k0, count)), [count * n, ...x.shape.slice(1)]);
        const g = tf.reshape(targetGradient(fn, points, repeatTargets(targets, count)).grad, [count, ...x.shape]);
        return [tf.add(sum, tf.sum(g, 0)), tf.add(sumSq, tf.sum(tf.square(g), 0))];
      });
      sum.dispose();
      sumSq.dispose();
      sum = s!;
      sumSq = sq!;
    }
    const mean = tf.div(sum, samples);
    const meanSq = tf.div(sumSq, samples);
    if (variant === 'smoothgrad') return mean;
    if (variant === 'smoothgrad-squared') return meanSq;
    return tf.relu(tf.sub(meanSq, tf.square(mean)));
  });
}
