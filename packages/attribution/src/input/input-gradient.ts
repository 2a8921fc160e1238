import { tidy } from '../internal/tidy.js';
import { tf } from '@gradbook/core';
import type { Model, Params, Tensor } from '@gradbook/core';
import { checkInput, targetsFor } from '../internal/checks.js';
import { targetGradient } from '../internal/target-gradient.js';

/** The inputs shared by the input-attribution methods. */
export interface AttributionInput {
  /** The model (any `Model` from `@gradbook/core`). */
  model: Model;
  /** Its parameters. */
  params: Params;
  /** A batch of inputs shaped `[batch, ...model.inputShape]`. */
  x: Tensor;
  /** The output (class) to explain: one index for every example, or one per example. */
  target: number | readonly number[];
}

/** What {@link inputGradient} returns; both tensors are shaped like `x` and are yours to dispose. */
export interface InputGradient {
  /** `∂ logit[target] / ∂x`, the saliency map. */
  readonly gradient: Tensor;
  /** `gradient · x`, elementwise. */
  readonly gradientTimesInput: Tensor;
}

/**
 * The gradient of the target logit with respect to each input (vanilla saliency), and gradient ×
 * input. One backward pass for the whole batch.
 *
 * @param options - `model`, `params`, the batch `x` and the `target` class (see {@link AttributionInput}).
 * @returns `{ gradient, gradientTimesInput }`, each shaped like `x`.
 * @example
 * const { gradient } = inputGradient({ model, params, x: images, target: 3 });
 * gradient.abs().max(-1); // a [batch, 28, 28] saliency map
 * @see Simonyan, Vedaldi, Zisserman (2014), Deep Inside Convolutional Networks.
 * @see Shrikumar et al. (2016), Not Just a Black Box (gradient × input).
 */
export function inputGradient(options: AttributionInput): InputGradient {
  const { model, params, x, target } = options;
  checkInput('inputGradient', model, x);
  const targets = targetsFor('inputGradient', model, target, x.shape[0]!);
  return tidy(() => {
    const { grad } = targetGradient((xi) => model.apply(params, xi), x, targets);
    return { gradient: grad, gradientTimesInput: tf.mul(grad, x) };
  });
}
