import type { GradientTransformation } from '@gradbook/core';
import { aliasOptions } from '../internal/alias-options.js';
import type { Hyper } from '../internal/hyper.js';
import { chain } from '../chain.js';
import { scaleByLion } from '../transforms/scale-by-lion.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import { decayLink } from '../internal/decay.js';
import type { CommonOptions } from '../internal/options.js';

/**
 * Lion (EvoLved Sign Momentum): `c = β1m + (1−β1)g; p = p·(1 − lr·wd) − lr·sign(c); m = β2m + (1−β2)g`.
 * Weight decay is decoupled, as in the paper.
 *
 * @param learningRateOrOptions - the learning rate (number or schedule), or all options as one object.
 * @param options.learningRate - step size, number or schedule (default `1e-4`; use 3–10× less than Adam's).
 * @param options.b1 - default `0.9`. @param options.b2 - default `0.99`.
 * @param options.weightDecay - decoupled decay (default `0`; the paper uses 3–10× Adam's).
 * @param options.decayMask - which parameters are decayed (default all).
 * @returns a gradient transformation whose state holds the momentum `mu`.
 * @example
 * const opt = lion({ learningRate: 1e-4, weightDecay: 0.1 });
 * @see Chen et al. (2023), Symbolic Discovery of Optimization Algorithms.
 */
export function lion(learningRateOrOptions?: Hyper | CommonOptions & { b1?: Hyper; b2?: Hyper }, options?: CommonOptions & { b1?: Hyper; b2?: Hyper }): GradientTransformation<unknown[]> {
  const { learningRate = 1e-4, b1 = 0.9, b2 = 0.99, weightDecay = 0, decayMask } = aliasOptions('lion', learningRateOrOptions, options);
  return chain(scaleByLion({ b1, b2 }), ...decayLink('lion', weightDecay, decayMask), scaleByLearningRate(learningRate)) as GradientTransformation<unknown[]>;
}
