import type { Tensor } from '@tensorflow/tfjs';
import type { Loss } from '../model/types.js';
import type { Batch } from './data-source.js';

/**
 * A loss that changes from batch to batch and learns from the run, for methods that keep state per
 * example across epochs (PS-KD's previous-epoch predictions). `train({ loss })` takes one in place of
 * a plain {@link Loss}.
 */
export interface BatchLoss {
  /** The loss of one training batch of epoch `epoch` (counting from 0); called before the step. Throw here to refuse a batch. */
  forBatch(batch: Batch, epoch: number): Loss;
  /**
   * Called after the step with the batch and the model's training output on it (computed with the
   * parameters before the update). The output is freed after the returned promise settles.
   */
  afterStep?(batch: Batch, output: Tensor, epoch: number): void | Promise<void>;
  /** The loss on held-out data (`train`'s `validation`). */
  readonly evaluation: Loss;
}

/** Whether `loss` is a {@link BatchLoss} rather than a plain function. @internal */
export function isBatchLoss(loss: unknown): loss is BatchLoss {
  return typeof loss === 'object' && loss !== null && typeof (loss as BatchLoss).forBatch === 'function' && typeof (loss as BatchLoss).evaluation === 'function';
}

/** The plain loss of one batch, whichever kind `loss` is. @internal */
export function lossForBatch(loss: Loss | BatchLoss, batch: Batch, epoch: number): Loss {
  return isBatchLoss(loss) ? loss.forBatch(batch, epoch) : loss;
}

/** The loss for evaluation, whichever kind `loss` is. @internal */
export function evaluationLoss(loss: Loss | BatchLoss): Loss {
  return isBatchLoss(loss) ? loss.evaluation : loss;
}
