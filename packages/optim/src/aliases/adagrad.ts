import type { GradientTransformation } from '@gradbook/core';
import { aliasOptions } from '../internal/alias-options.js';
import type { Hyper } from '../internal/hyper.js';
import { chain } from '../chain.js';
import { scaleByRss } from '../transforms/scale-by-rss.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import { decayLink } from '../internal/decay.js';
import type { CommonOptions } from '../internal/options.js';

/**
 * AdaGrad in PyTorch's form: `g += wd·p; s += g²; p −= lr·g/(√s + ε)`.
 *
 * @param learningRateOrOptions - the learning rate (number or schedule), or all options as one object.
 * @param options.learningRate - step size, number or schedule (default `0.01`).
 * @param options.eps - added to `√s` (default `1e-10`).
 * @param options.initialAccumulator - starting value of `s` (default `0`).
 * @param options.weightDecay - L2 coefficient added to the gradient (default `0`).
 * @param options.decayMask - which parameters are decayed (default all).
 * @returns a gradient transformation whose state holds `sumOfSquares`.
 * @example
 * const opt = adagrad({ learningRate: 0.1 });
 * @see Duchi, Hazan & Singer (2011), Adaptive Subgradient Methods for Online Learning and Stochastic Optimization.
 */
export function adagrad(learningRateOrOptions?: Hyper | CommonOptions & { eps?: Hyper; initialAccumulator?: number }, options?: CommonOptions & { eps?: Hyper; initialAccumulator?: number }): GradientTransformation<unknown[]> {
  const {
  learningRate = 0.01,
  eps = 1e-10,
  initialAccumulator = 0,
  weightDecay = 0,
  decayMask,
} = aliasOptions('adagrad', learningRateOrOptions, options);
  return chain(...decayLink('adagrad', weightDecay, decayMask), scaleByRss({ eps, initialAccumulator }), scaleByLearningRate(learningRate)) as GradientTransformation<unknown[]>;
}
