import { tidy } from '../internal/tidy.js';
import { GradbookError, tf } from '@gradbook/core';
import type { Tensor } from '@gradbook/core';
import { checkInput, layerIndex, targetsFor } from '../internal/checks.js';
import type { AttributionInput } from '../input/input-gradient.js';
import { layerGradient } from './grad-cam.js';

/**
 * NormGrad: at each spatial location of a layer, the norm of the gradient of a virtual 1×1
 * identity layer inserted there, which factorises as `‖A_ij‖ · ‖g_ij‖` (activation norm times
 * gradient norm over channels).
 *
 * @param options - `model`, `params`, `x`, `target`, and `layer`, a layer with a `[H, W, C]` output.
 * @returns the map `[batch, H, W]` (yours to dispose).
 * @example
 * normGrad({ model, params, x: images, target: 3, layer: 'conv1' });
 * @see Rebuffi, Fong, Ji, Vedaldi (2020), There and Back Again: Revisiting Backpropagation Saliency Methods.
 */
export function normGrad(options: AttributionInput & { layer: string }): Tensor {
  const where = 'normGrad';
  const { model, params, x, target, layer } = options;
  checkInput(where, model, x);
  const targets = targetsFor(where, model, target, x.shape[0]!);
  const info = model.layers[layerIndex(where, model, layer)]!;
  if (info.outputShape.length !== 3) {
    throw new GradbookError(`${where}(layer)`, `layer "${layer}" outputs [${info.outputShape.join(', ')}] per example; NormGrad needs a feature map [H, W, C]`);
  }
  return tidy(() => {
    const { activations, gradient } = layerGradient(model, params, x, layer, targets);
    return tf.mul(tf.norm(activations, 'euclidean', 3), tf.norm(gradient, 'euclidean', 3));
  });
}
