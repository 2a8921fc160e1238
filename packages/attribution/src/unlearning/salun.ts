import { GradbookError, tf, tree } from '@gradbook/core';
import type { Params, Scalar, Tensor } from '@gradbook/core';
import { checkRatio, outputCount } from '../internal/checks.js';
import { tidy } from '../internal/tidy.js';
import { saliencyMask, weightSaliency } from '../weights/weight-saliency.js';
import { checkData, common, drawIndices, fit, minibatchLoss, type LabelledData, type UnlearnOptions } from './fit.js';

/** Options of {@link salun}. */
export interface SalunOptions extends UnlearnOptions {
  /** The examples to forget. */
  forget: LabelledData;
  /** The examples to keep. */
  retain: LabelledData;
  /** Fraction of weights updated: the saliency mask keeps the top `ratio` (0, 1]. Default 0.5. */
  ratio?: number;
  /** A precomputed mask (from {@link saliencyMask}) instead of computing one from `ratio`. */
  mask?: Params;
}

/**
 * SalUn: saliency-guided unlearning. The forget set is relabelled at random (each example gets a
 * label other than its own), and the model is fine-tuned on that plus the retain set — one
 * minibatch of each per step, losses added — with the gradient masked to the most salient weights
 * for the forget set (`saliencyMask(weightSaliency(forget), ratio)`).
 *
 * @param options - `model`, `params`, `loss`, `forget`, `retain`; `ratio` (0.5) or `mask`, `steps`
 *   (100), `batchSize` (32), `optimizer` (sgd 0.05), `seed` (0).
 * @returns the unlearned parameters (yours to dispose).
 * @example
 * const unlearned = salun({ model, params, loss: crossEntropy, forget, retain, ratio: 0.5, steps: 50 });
 * unlearningMetrics({ model, params: unlearned, forget, retain, test });
 * @see Fan, Liu, Zhang, Wei, Wong, Liu (2024), SalUn: Empowering Machine Unlearning via Gradient-based Weight Saliency.
 */
export function salun(options: SalunOptions): Params {
  const where = 'salun';
  const o = common(where, options);
  const forget = checkData(where, 'forget', o.model, options.forget);
  const retain = checkData(where, 'retain', o.model, options.retain);
  const { ratio = 0.5 } = options;
  if (!options.mask) checkRatio(where, 'ratio', ratio);
  const classes = outputCount(where, o.model);
  if (classes < 2) throw new GradbookError(where, 'random relabelling needs at least two classes');
  const mask =
    options.mask ??
    tidy(() => {
      const s = weightSaliency({ model: o.model, params: o.params, loss: o.loss, x: forget.x, y: forget.y });
      return saliencyMask(s, ratio);
    });
  const labels = Array.from(forget.y.dataSync());
  const relabelled: Tensor = tf.tensor1d(
    labels.map((l) => (l + 1 + Math.floor(o.next() * (classes - 1))) % classes),
    'int32',
  );
  const randomForget = { x: forget.x, y: relabelled };
  try {
    return fit({
      where,
      params: o.params,
      steps: o.steps,
      ...(o.optimizer ? { optimizer: o.optimizer } : {}),
      mask,
      objective: (p): Scalar => {
        const fi = drawIndices(forget.x.shape[0]!, o.batchSize, o.next);
        const ri = drawIndices(retain.x.shape[0]!, o.batchSize, o.next);
        return tf.add(minibatchLoss(o.model, o.loss, randomForget, p, fi), minibatchLoss(o.model, o.loss, retain, p, ri)) as Scalar;
      },
    });
  } finally {
    relabelled.dispose();
    if (!options.mask) tree.dispose(mask);
  }
}
