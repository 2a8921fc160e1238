import type { GradientTransformation } from '@gradbook/core';
import { chain } from '../chain.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import { decayLink } from '../internal/decay.js';
import type { CommonOptions } from '../internal/options.js';

/**
 * Plain stochastic gradient descent: `g += wd·p; p −= lr·g`.
 *
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
export function sgd({ learningRate = 0.01, weightDecay = 0, decayMask }: CommonOptions = {}): GradientTransformation<unknown[]> {
  return chain(...decayLink('sgd', weightDecay, decayMask), scaleByLearningRate(learningRate)) as GradientTransformation<unknown[]>;
}
