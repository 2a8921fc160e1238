import { tidy } from '../internal/tidy.js';
import { GradbookError, tf } from '@gradbook/core';
import type { Model, Params, Tensor } from '@gradbook/core';
import { checkInput, checkInteger, layerIndex, targetsFor } from '../internal/checks.js';
import { targetGradient } from '../internal/target-gradient.js';
import type { AttributionInput } from '../input/input-gradient.js';

/** The CAM variants of {@link gradCam}. */
export type CamMethod = 'grad-cam' | 'grad-cam++' | 'smooth-grad-cam++';

/** Options of {@link gradCam}. */
export interface GradCamOptions extends AttributionInput {
  /** The name of a layer whose output is a feature map `[H, W, C]` per example (e.g. the last conv). */
  layer: string;
  /** The variant. Default `'grad-cam'`. */
  method?: CamMethod;
  /** Smooth Grad-CAM++ only: noisy copies (default 25). */
  samples?: number;
  /** Smooth Grad-CAM++ only: noise standard deviation as a fraction of each example's range (default 0.15). */
  noiseLevel?: number;
  /** Smooth Grad-CAM++ only: seed of the noise (default 0). */
  seed?: number;
}

/** What {@link gradCam} returns (yours to dispose). */
export interface GradCam {
  /** The map at the layer's resolution, `[batch, H, W]`: no upsampling, no normalisation. */
  readonly map: Tensor;
  /**
   * The map resized bilinearly to the input's height and width, `[batch, H_in, W_in]`, for overlays
   * (only when the model's input is an image `[H, W, C]`).
   */
  readonly upsampled?: Tensor;
}

/**
 * Grad-CAM, Grad-CAM++ and Smooth Grad-CAM++ at any named layer with a spatial output. With `A` the
 * layer's activations and `g = ∂ logit[target] / ∂A`:
 * - Grad-CAM: `ReLU(Σ_c α_c A_c)`, `α_c` the spatial mean of `g_c`;
 * - Grad-CAM++: `ReLU(Σ_c w_c A_c)`, `w_c = Σ_ij ReLU(g_ij)·a_ij`,
 *   `a_ij = g²/(2g² + (Σ_ab A_ab)·g³ + 1e−7)` (0 where g = 0);
 * - Smooth Grad-CAM++: Grad-CAM++ with `g`, `g²`, `g³` each averaged over noisy copies of the input
 *   (the activations `A` are those of the clean input).
 *
 * @param options - `model`, `params`, `x`, `target`, `layer`; `method` ('grad-cam'); for the smooth
 *   variant `samples` (25), `noiseLevel` (0.15), `seed` (0).
 * @returns `{ map, upsampled }`.
 * @example
 * const { upsampled } = gradCam({ model, params, x: images, target: 3, layer: 'conv2', method: 'grad-cam++' });
 * @see Selvaraju et al. (2017), Grad-CAM: Visual Explanations from Deep Networks via Gradient-based Localization.
 * @see Chattopadhyay et al. (2018), Grad-CAM++.
 * @see Omeiza, Speakman, Cintas, Weldemariam (2019), Smooth Grad-CAM++.
 */
export function gradCam(options: GradCamOptions): GradCam {
  const where = 'gradCam';
  const { model, params, x, target, layer, method = 'grad-cam', samples = 25, noiseLevel = 0.15, seed = 0 } = options;
  checkInput(where, model, x);
  const targets = targetsFor(where, model, target, x.shape[0]!);
  const info = model.layers[layerIndex(where, model, layer)]!;
  if (info.outputShape.length !== 3) {
    const spatial = model.layers.filter((l) => l.outputShape.length === 3).map((l) => l.name);
    throw new GradbookError(
      `${where}(layer)`,
      `layer "${layer}" outputs shape [${info.outputShape.join(', ')}] per example, but CAM needs a feature map [H, W, C]; layers with one: ${spatial.join(', ') || 'none'}`,
    );
  }
  if (!['grad-cam', 'grad-cam++', 'smooth-grad-cam++'].includes(method)) {
    throw new GradbookError(`${where}(method)`, `unknown method "${method}"; use 'grad-cam', 'grad-cam++' or 'smooth-grad-cam++'`);
  }
  if (method === 'smooth-grad-cam++') checkInteger(where, 'samples', samples);
  return tidy(() => {
    const { activations, gradient } = layerGradient(model, params, x, layer, targets);
    let map: Tensor;
    if (method === 'grad-cam') map = camFromGradients(activations, gradient, 'grad-cam');
    else if (method === 'grad-cam++') map = camFromGradients(activations, gradient, 'grad-cam++');
    else {
      const axes = x.shape.slice(1).map((_, i) => i + 1);
      const sigma = tf.mul(noiseLevel, tf.sub(tf.max(x, axes, true), tf.min(x, axes, true)));
      let d1: Tensor = tf.zerosLike(gradient);
      let d2: Tensor = tf.zerosLike(gradient);
      let d3: Tensor = tf.zerosLike(gradient);
      for (let s = 0; s < samples; s++) {
        const next = tidy(() => {
          const noisy = tf.add(x, tf.mul(tf.randomNormal(x.shape, 0, 1, 'float32', seed + s), sigma));
          const g = layerGradient(model, params, noisy, layer, targets).gradient;
          const g2 = tf.square(g);
          return [tf.add(d1, g), tf.add(d2, g2), tf.add(d3, tf.mul(g2, g))];
        });
        tf.dispose([d1, d2, d3]);
        [d1, d2, d3] = next as [Tensor, Tensor, Tensor];
      }
      map = plusPlus(activations, tf.div(d1, samples), tf.div(d2, samples), tf.div(d3, samples));
    }
    const shape = model.inputShape;
    if (shape.length !== 3) return { map };
    const upsampled = tf.squeeze(tf.image.resizeBilinear(tf.expandDims(map, -1) as tf.Tensor4D, [shape[0]!, shape[1]!]), [3]);
    return { map, upsampled };
  });
}

/**
 * The CAM map from a layer's activations and the target's gradient with respect to them, both
 * `[batch, H, W, C]`; see {@link gradCam} for the formulas.
 *
 * @param activations - the layer's output `A`.
 * @param gradients - `∂ logit[target] / ∂A`, same shape.
 * @param method - `'grad-cam'` (default) or `'grad-cam++'`.
 * @returns the map `[batch, H, W]` (a new tensor).
 * @example
 * camFromGradients(A, g, 'grad-cam++');
 */
export function camFromGradients(activations: Tensor, gradients: Tensor, method: 'grad-cam' | 'grad-cam++' = 'grad-cam'): Tensor {
  if (activations.rank !== 4 || gradients.rank !== 4) {
    throw new GradbookError('camFromGradients', `expected activations and gradients shaped [batch, H, W, C], got ranks ${activations.rank} and ${gradients.rank}`);
  }
  return tidy(() => {
    if (method === 'grad-cam') {
      const alpha = tf.mean(gradients, [1, 2], true);
      return tf.relu(tf.sum(tf.mul(alpha, activations), 3));
    }
    const g2 = tf.square(gradients);
    return plusPlus(activations, gradients, g2, tf.mul(g2, gradients));
  });
}

/** Grad-CAM++ from the first three gradient moments (plain: g, g², g³). */
function plusPlus(a: Tensor, d1: Tensor, d2: Tensor, d3: Tensor): Tensor {
  const sumA = tf.sum(a, [1, 2], true);
  const denom = tf.add(tf.add(tf.mul(2, d2), tf.mul(sumA, d3)), 1e-7);
  const alpha = tf.where(tf.equal(d2, 0), tf.zerosLike(d2), tf.div(d2, denom));
  const w = tf.sum(tf.mul(tf.relu(d1), alpha), [1, 2], true);
  return tf.relu(tf.sum(tf.mul(w, a), 3));
}

/**
 * A layer's activations for `x` and the gradient of the targets' logits with respect to them. A
 * layer inside a block (`residual`, `concat`) cannot start a run (the block's other paths need its
 * input), so there the whole model runs with the layer's output replaced.
 */
export function layerGradient(model: Model, params: Params, x: Tensor, layer: string, targets: readonly number[]): { activations: Tensor; gradient: Tensor } {
  const inBlock = model.layers.find((l) => l.name === layer)?.block !== undefined;
  return tidy(() => {
    const activations = model.apply(params, x, { upTo: layer });
    const rest = inBlock ? (a: Tensor) => model.apply(params, x, { replace: { [layer]: a } }) : (a: Tensor) => model.apply(params, a, { from: layer });
    const { grad } = targetGradient(rest, activations, targets);
    return { activations, gradient: grad };
  });
}
