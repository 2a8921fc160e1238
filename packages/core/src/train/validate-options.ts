import type { Scalar } from '@tensorflow/tfjs';
import { GradbookError } from '../errors.js';
import type { Params } from '../model/types.js';
import { isBatchLoss } from './batch-loss.js';
import type { TrainOptions } from './train-options.js';

function checkCount(name: string, value: number | undefined): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < 1) {
    throw new GradbookError(`train(${name})`, `expected a whole number ≥ 1, got ${value}`);
  }
}

/** Checks `train`'s options, naming the first that is wrong (internal). */
export function validate<P extends Params>(o: TrainOptions<P>): void {
  if (!o || typeof o !== 'object') throw new GradbookError('train', 'expected an options object { model, params, loss, optimizer, data, steps | epochs }');
  if (!o.model || typeof o.model.apply !== 'function') throw new GradbookError('train(model)', 'expected a model with apply(params, x), e.g. from sequential(...)');
  if (o.params !== undefined && (!o.params || typeof o.params !== 'object')) throw new GradbookError('train(params)', 'expected a parameter tree, e.g. model.init(seed)');
  if (typeof o.loss !== 'function' && !isBatchLoss(o.loss)) throw new GradbookError('train(loss)', 'expected a loss function (output, target) => scalar, e.g. crossEntropy');
  if (!o.optimizer || typeof o.optimizer.init !== 'function' || typeof o.optimizer.update !== 'function') {
    throw new GradbookError('train(optimizer)', 'expected a gradient transformation { init, update }, e.g. adam(1e-3) from @gradbook/optim');
  }
  if (o.data === undefined || o.data === null) throw new GradbookError('train(data)', 'no data given');
  checkCount('steps', o.steps);
  checkCount('epochs', o.epochs);
  if (o.steps === undefined && o.epochs === undefined) throw new GradbookError('train', 'give steps or epochs (or both: whichever ends first)');
  if (o.validation) checkCount('validation.every', o.validation.every);
  checkCount('threads', o.threads);
  if ((o.threads ?? 1) > 1 && isBatchLoss(o.loss)) throw new GradbookError('train(threads)', 'a per-batch loss (such as psKd) runs on one thread; use threads: 1');
  if ((o.threads ?? 1) > 1 && bringsGradient(o.optimizer)) {
    throw new GradbookError('train(threads)', 'an optimizer that computes its own gradient (such as sam) cannot be split across threads; use threads: 1');
  }
}

/** The loss's value and gradient at `p`. */
export type GradientOf<P> = (f: (p: P) => Scalar, p: P) => { value: Scalar; grads: P };

/** An optimizer that computes its own gradient from the loss closure, as `@gradbook/optim`'s `sam`. */
export function bringsGradient<P>(optimizer: object): optimizer is { gradient: GradientOf<P> } {
  return typeof (optimizer as { gradient?: unknown }).gradient === 'function';
}

