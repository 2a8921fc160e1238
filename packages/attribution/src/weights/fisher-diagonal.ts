import { tidy } from '../internal/tidy.js';
import { tf, tree } from '@gradbook/core';
import type { Loss, Model, Params, Tensor } from '@gradbook/core';
import { checkInput } from '../internal/checks.js';
import { forEachExampleGradient } from '../internal/param-grad.js';

/** A model, its parameters, a loss and a labelled batch: the inputs of the weight-space methods. */
export interface LossInput {
  /** The model. */
  model: Model;
  /** Its parameters. */
  params: Params;
  /** The loss (e.g. core's `crossEntropy`), a mean over the batch. */
  loss: Loss;
  /** Inputs `[batch, ...inputShape]`. */
  x: Tensor;
  /** Targets (e.g. integer labels `[batch]`). */
  y: Tensor;
}

/**
 * The diagonal of the empirical Fisher information: the mean over examples of the squared
 * per-example loss gradient, `F = (1/N) Σᵢ (∇θ ℓ(xᵢ, yᵢ))²`, as a tree shaped like `params`.
 *
 * @param options - `model`, `params`, `loss`, and the batch `x`, `y`.
 * @returns the Fisher diagonal (yours to dispose).
 * @example
 * const F = fisherDiagonal({ model, params, loss: crossEntropy, x, y });
 * @see Kirkpatrick et al. (2017), Overcoming catastrophic forgetting in neural networks (EWC).
 */
export function fisherDiagonal(options: LossInput): Params {
  const { model, params, loss, x, y } = options;
  checkInput('fisherDiagonal', model, x);
  const n = x.shape[0]!;
  let acc = tree.zerosLike(params);
  forEachExampleGradient(model, params, loss, x, y, (_i, g) => {
    const next = tidy(() => tree.zip([acc, g], ([a, gi]) => tf.add(a!, tf.square(gi!))) as Params);
    tree.dispose(acc);
    acc = keepAll(next);
  });
  const out = tidy(() => tree.scale(acc, 1 / n));
  tree.dispose(acc);
  return out;
}

function keepAll<T>(t: T): T {
  tree.leaves(t as any).forEach((l) => tf.keep(l));
  return t;
}
