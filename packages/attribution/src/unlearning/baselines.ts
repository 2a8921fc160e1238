import { tf } from '@gradbook/core';
import type { Model, Params, Scalar } from '@gradbook/core';
import { checkData, common, drawIndices, fit, minibatchLoss, type LabelledData, type UnlearnOptions } from './fit.js';

/**
 * Unlearning baseline: fine-tune the trained model on the retain set only, hoping the forget set
 * fades (catastrophic forgetting does the work).
 *
 * @param options - `model`, `params`, `loss`, `retain`; `steps` (100), `batchSize` (32),
 *   `optimizer` (sgd 0.05), `seed` (0).
 * @returns new parameters (yours to dispose).
 * @example
 * const p = fineTune({ model, params, loss: crossEntropy, retain, steps: 50 });
 * @see Warnecke, Pirch, Wressnegger, Rieck (2023), Machine Unlearning of Features and Labels (FT baseline).
 */
export function fineTune(options: UnlearnOptions & { retain: LabelledData }): Params {
  const where = 'fineTune';
  const o = common(where, options);
  const retain = checkData(where, 'retain', o.model, options.retain);
  return fit({
    where,
    params: o.params,
    steps: o.steps,
    ...(o.optimizer ? { optimizer: o.optimizer } : {}),
    objective: (p): Scalar => minibatchLoss(o.model, o.loss, retain, p, drawIndices(retain.x.shape[0]!, o.batchSize, o.next)),
  });
}

/**
 * Unlearning baseline: gradient ascent on the forget set's loss (descent on its negative).
 *
 * @param options - `model`, `params`, `loss`, `forget`; `steps` (100), `batchSize` (32),
 *   `optimizer` (sgd 0.05), `seed` (0). Few steps: the loss is unbounded above.
 * @returns new parameters (yours to dispose).
 * @example
 * const p = gradientAscent({ model, params, loss: crossEntropy, forget, steps: 10 });
 * @see Thudi, Deza, Chandrasekaran, Papernot (2022), Unrolling SGD: Understanding Factors Influencing Machine Unlearning.
 */
export function gradientAscent(options: UnlearnOptions & { forget: LabelledData }): Params {
  const where = 'gradientAscent';
  const o = common(where, options);
  const forget = checkData(where, 'forget', o.model, options.forget);
  return fit({
    where,
    params: o.params,
    steps: o.steps,
    ...(o.optimizer ? { optimizer: o.optimizer } : {}),
    objective: (p): Scalar => tf.neg(minibatchLoss(o.model, o.loss, forget, p, drawIndices(forget.x.shape[0]!, o.batchSize, o.next))),
  });
}

/**
 * The reference of unlearning: train from scratch on the retain set alone. `params` is ignored in
 * favour of `model.init(initSeed)` unless `fromParams` is true.
 *
 * @param options - `model`, `loss`, `retain`; `initSeed` (0), `steps` (100), `batchSize` (32),
 *   `optimizer` (sgd 0.05), `seed` (0); `params` only with `fromParams`.
 * @returns the retrained parameters (yours to dispose).
 * @example
 * const reference = retrainFromScratch({ model, loss: crossEntropy, retain, steps: 300 });
 */
export function retrainFromScratch(options: Omit<UnlearnOptions, 'params'> & { params?: Params; retain: LabelledData; initSeed?: number; fromParams?: boolean }): Params {
  const where = 'retrainFromScratch';
  const model: Model = options.model;
  const fresh = options.fromParams && options.params ? undefined : model.init(options.initSeed ?? 0);
  const start = fresh ?? options.params!;
  try {
    const o = common(where, { ...options, params: start });
    const retain = checkData(where, 'retain', o.model, options.retain);
    return fit({
      where,
      params: start,
      steps: o.steps,
      ...(o.optimizer ? { optimizer: o.optimizer } : {}),
      objective: (p): Scalar => minibatchLoss(o.model, o.loss, retain, p, drawIndices(retain.x.shape[0]!, o.batchSize, o.next)),
    });
  } finally {
    if (fresh) for (const layer of Object.values(fresh)) for (const t of Object.values(layer)) t.dispose();
  }
}
