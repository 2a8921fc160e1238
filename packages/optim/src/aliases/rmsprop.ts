import type { GradientTransformation } from '@gradbook/core';
import { aliasOptions } from '../internal/alias-options.js';
import type { Hyper } from '../internal/hyper.js';
import { chain } from '../chain.js';
import { scaleByRms } from '../transforms/scale-by-rms.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import { decayLink } from '../internal/decay.js';
import type { CommonOptions } from '../internal/options.js';

/**
 * RMSProp in PyTorch's form: `g += wd·p; v = ρv + (1−ρ)g²; p −= lr·g/(√v + ε)`.
 *
 * @param learningRateOrOptions - the learning rate (number or schedule), or all options as one object.
 * @param options.learningRate - step size, number or schedule (default `0.01`).
 * @param options.rho - decay of the mean square, in [0, 1) (default `0.99`).
 * @param options.eps - added to `√v` (default `1e-8`).
 * @param options.weightDecay - L2 coefficient added to the gradient (default `0`).
 * @param options.decayMask - which parameters are decayed (default all).
 * @returns a gradient transformation whose state holds `nu`.
 * @example
 * const opt = rmsprop({ learningRate: 0.01, rho: 0.9 });
 * @see Tieleman & Hinton (2012), Lecture 6.5 — RMSProp.
 */
export function rmsprop(learningRateOrOptions?: Hyper | CommonOptions & { rho?: Hyper; eps?: Hyper }, options?: CommonOptions & { rho?: Hyper; eps?: Hyper }): GradientTransformation<unknown[]> {
  const { learningRate = 0.01, rho = 0.99, eps = 1e-8, weightDecay = 0, decayMask } = aliasOptions('rmsprop', learningRateOrOptions, options);
  return chain(...decayLink('rmsprop', weightDecay, decayMask), scaleByRms({ decay: rho, eps }), scaleByLearningRate(learningRate)) as GradientTransformation<unknown[]>;
}
