import type { GradientTransformation } from '@gradbook/core';
import { aliasOptions } from '../internal/alias-options.js';
import type { Hyper } from '../internal/hyper.js';
import { chain } from '../chain.js';
import { scaleByAdam } from '../transforms/scale-by-adam.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import { decayLink } from '../internal/decay.js';
import type { AdamOptions } from './adam.js';

/**
 * AdamW: Adam with decoupled weight decay, `p *= 1 − lr·wd`, then the Adam step without L2.
 *
 * @param learningRateOrOptions - the learning rate (number or schedule), or all options as one object.
 * @param options.learningRate - step size, number or schedule (default `1e-3`).
 * @param options.weightDecay - decoupled decay, scaled by the learning rate (default `1e-2`, PyTorch's).
 * @param options.decayMask - which parameters are decayed, e.g. {@link notBias} (default all).
 * @param options.b1 - default `0.9`. @param options.b2 - default `0.999`. @param options.eps - default `1e-8`.
 * @returns a gradient transformation (`chain(scaleByAdam, addDecayedWeights, scaleByLearningRate)`).
 * @example
 * const opt = adamw({ learningRate: 1e-3, weightDecay: 0.01, decayMask: notBias });
 * @see Loshchilov & Hutter (2019), Decoupled Weight Decay Regularization.
 */
export function adamw(learningRateOrOptions?: Hyper | AdamOptions, options?: AdamOptions): GradientTransformation<unknown[]> {
  const { learningRate = 1e-3, b1 = 0.9, b2 = 0.999, eps = 1e-8, weightDecay = 1e-2, decayMask } = aliasOptions('adamw', learningRateOrOptions, options);
  return chain(scaleByAdam({ b1, b2, eps }), ...decayLink('adamw', weightDecay, decayMask), scaleByLearningRate(learningRate)) as GradientTransformation<unknown[]>;
}
