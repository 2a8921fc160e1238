import { tidy } from '../internal/tidy.js';
import { tf, tree } from '@gradbook/core';
import type { Params } from '@gradbook/core';
import { checkInput } from '../internal/checks.js';
import { forEachExampleChunk } from '../internal/param-grad.js';
import type { LossInput } from '../weights/fisher-diagonal.js';

/**
 * GradSign: a training-free architecture score, `Σ_k |Σᵢ sign(∂ℓ(xᵢ, yᵢ)/∂θ_k)|`: how much the
 * per-example gradients agree in sign, parameter by parameter, at initialisation.
 *
 * @param options - `model`, `params` (usually freshly initialised), `loss`, and the batch `x`, `y`.
 * @returns the score (larger predicts better trainability).
 * @example
 * gradSign({ model, params: model.init(0), loss: crossEntropy, x, y }); // e.g. 812
 * @see Zhang, Jia (2022), GradSign: Model Performance Inference with Theoretical Insights.
 */
export function gradSign(options: LossInput): number {
  const { model, params, loss, x, y } = options;
  checkInput('gradSign', model, x);
  let acc = tree.zerosLike(params) as Params;
  forEachExampleChunk(model, params, loss, x, y, 64, (g) => {
    const next = tree.zip([acc, g], ([a, gi]) => tf.keep(tf.add(a!, tf.sum(tf.sign(gi!), 0)))) as Params;
    tree.dispose(acc);
    acc = next;
  });
  const score = tidy(() => tf.addN(tree.leaves(acc).map((a) => tf.sum(tf.abs(a)))).dataSync()[0]!);
  tree.dispose(acc);
  return score;
}
