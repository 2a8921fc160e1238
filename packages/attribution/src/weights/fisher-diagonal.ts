import { tidy } from '../internal/tidy.js';
import { tf, tree } from '@gradbook/core';
import type { Loss, Model, Params, Tensor } from '@gradbook/core';
import { checkInput, checkInteger } from '../internal/checks.js';
import { forEachExampleChunk } from '../internal/param-grad.js';

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
 * Per-example gradients come from core's `perExampleGrads` (one backward pass per chunk of
 * `batchSize` examples for dense and conv models).
 *
 * @param options - `model`, `params`, `loss`, and the batch `x`, `y`; `batchSize` (64) bounds the
 *   examples whose gradients are held at once.
 * @returns the Fisher diagonal (yours to dispose).
 * @example
 * const F = fisherDiagonal({ model, params, loss: crossEntropy, x, y });
 * @see Kirkpatrick et al. (2017), Overcoming catastrophic forgetting in neural networks (EWC).
 */
export function fisherDiagonal(options: LossInput & { batchSize?: number }): Params {
  const { model, params, loss, x, y, batchSize = 64 } = options;
  checkInput('fisherDiagonal', model, x);
  checkInteger('fisherDiagonal', 'batchSize', batchSize);
  const n = x.shape[0]!;
  let acc = tree.zerosLike(params);
  forEachExampleChunk(model, params, loss, x, y, batchSize, (g) => {
    const next = tidy(() => tree.zip([acc, g], ([a, gi]) => tf.add(a!, tf.sum(tf.square(gi!), 0))) as Params);
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
