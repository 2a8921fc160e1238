import { tidy } from '../internal/tidy.js';
import { GradbookError, tf, tree } from '@gradbook/core';
import type { Model, Params, Tensor } from '@gradbook/core';
import { checkInput } from '../internal/checks.js';
import { forEachExampleChunk } from '../internal/param-grad.js';
import type { LossInput } from '../weights/fisher-diagonal.js';

/** The layer types whose `kernel` GradSign counts (the authors' code scores conv and linear weights). */
const KERNEL_LAYERS = new Set(['dense', 'conv2d']);

/**
 * GradSign: a training-free architecture score, `Σ_k |Σᵢ sign(∂ℓ(xᵢ, yᵢ)/∂θ_k)|`: how much the
 * per-example gradients agree in sign, parameter by parameter, at initialisation. `k` runs over the
 * entries of every dense and conv2d `kernel` — biases and other parameters are left out, as in the
 * authors' code — and `sign(0) = 0`, so a parameter no example moves adds nothing.
 *
 * @param options - `model`, `params` (usually freshly initialised), `loss` (a mean over the batch, so
 *   each example's own gradient is that of its loss alone), and the batch `x`, `y`.
 * @returns the score (larger predicts better trainability), an integer at most `N × kernel entries`.
 * @example
 * gradSign({ model, params: model.init(0), loss: crossEntropy, x, y }); // e.g. 812
 * @see Zhang, Jia (2022), GradSign: Model Performance Inference with Theoretical Insights (ICLR); the
 *   sum form of `get_grad_conflict` in cmu-catalyst/GradSign.
 */
export function gradSign(options: LossInput): number {
  const { model, params, loss, x, y } = options;
  checkInput('gradSign', model, x);
  const kernels = kernelLayers(model, params);
  let acc: Tensor[] = kernels.map((name) => tf.zerosLike(params[name]!['kernel']!));
  forEachExampleChunk(model, params, loss, x, y, 64, (g) => {
    const next = kernels.map((name, i) => tf.keep(tf.add(acc[i]!, tf.sum(tf.sign(g[name]!['kernel']!), 0))));
    tf.dispose(acc);
    acc = next;
  });
  const score = tidy(() => tf.addN(acc.map((a) => tf.sum(tf.abs(a)))).dataSync()[0]!);
  tree.dispose(acc);
  return score;
}

/** The names of the model's dense and conv2d layers that have a kernel in `params`. */
function kernelLayers(model: Model, params: Params): string[] {
  const names = model.layers.filter((l) => KERNEL_LAYERS.has(l.type) && l.params.includes('kernel')).map((l) => l.name);
  for (const name of names) {
    if (!(params[name]?.['kernel'] instanceof tf.Tensor)) {
      throw new GradbookError('gradSign(params)', `params lacks '${name}.kernel'; pass the parameters of this model (model.init(seed))`);
    }
  }
  if (names.length === 0) {
    throw new GradbookError('gradSign(model)', `the model has no dense or conv2d layer (its layers are ${model.layers.map((l) => `${l.name} (${l.type})`).join(', ')}); GradSign counts their kernels`);
  }
  return names;
}
