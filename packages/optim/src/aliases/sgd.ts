import type { GradientTransformation } from '@gradbook/core';
import { aliasOptions } from '../internal/alias-options.js';
import type { Hyper } from '../internal/hyper.js';
import { chain } from '../chain.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import { decayLink } from '../internal/decay.js';
import type { CommonOptions } from '../internal/options.js';

/**
 * Plain stochastic gradient descent: `g += wd·p; p −= lr·g`.
 *
 * @param learningRateOrOptions - the learning rate (number or schedule), or all options as one object.
 * @param options.learningRate - step size, number or schedule (default `0.01`).
 * @param options.weightDecay - L2 coefficient added to the gradient (default `0`).
 * @param options.decayMask - which parameters are decayed (default all).
 * @returns a gradient transformation (`chain(addDecayedWeights, scaleByLearningRate)`).
 * @example
 * const opt = sgd({ learningRate: 0.1 });
 * let state = opt.init(params);
 * const { updates, state: next } = opt.update(grads, state, params);
 * params = applyUpdates(params, updates);
 * @see Robbins & Monro (1951), A Stochastic Approximation Method.
 */
export function sgd(learningRateOrOptions?: Hyper | CommonOptions, options?: CommonOptions): GradientTransformation<unknown[]> {
  const { learningRate = 0.01, weightDecay = 0, decayMask } = aliasOptions('sgd', learningRateOrOptions, options);
  return chain(...decayLink('sgd', weightDecay, decayMask), scaleByLearningRate(learningRate)) as GradientTransformation<unknown[]>;
}
