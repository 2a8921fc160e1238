import type { GradientTransformation } from '@gradbook/core';
import { aliasOptions } from '../internal/alias-options.js';
import type { Hyper } from '../internal/hyper.js';
import { chain } from '../chain.js';
import { scaleByDiffGrad } from '../transforms/scale-by-diff-grad.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import { decayLink } from '../internal/decay.js';
import type { AdamOptions } from './adam.js';

/**
 * diffGrad: Adam whose step is damped where the gradient changes little,
 * `ξ = sigmoid(|g_{t−1} − g_t|)`, `p −= (lr·√(1−β2ᵗ)/(1−β1ᵗ))·ξ·m/(√v + ε)` (the authors' reference form).
 * Optional weight decay is L2 (`g += wd·p`, also inside ξ).
 *
 * @param learningRateOrOptions - the learning rate (number or schedule), or all options as one object.
 * @param options.learningRate - step size, number or schedule (default `1e-3`).
 * @param options.b1 - default `0.9`. @param options.b2 - default `0.999`. @param options.eps - default `1e-8`.
 * @param options.weightDecay - L2 coefficient (default `0`).
 * @param options.decayMask - which parameters are decayed (default all).
 * @returns a gradient transformation whose state holds `mu`, `nu` and the previous gradient.
 * @example
 * const opt = diffGrad({ learningRate: 1e-3 });
 * @see Dubey, Chakraborty, Roy, Mukherjee, Singh & Chaudhuri (2020), diffGrad: An Optimization Method for Convolutional Neural Networks.
 */
export function diffGrad(learningRateOrOptions?: Hyper | AdamOptions, options?: AdamOptions): GradientTransformation<unknown[]> {
  const { learningRate = 1e-3, b1 = 0.9, b2 = 0.999, eps = 1e-8, weightDecay = 0, decayMask } = aliasOptions('diffGrad', learningRateOrOptions, options);
  return chain(...decayLink('diffGrad', weightDecay, decayMask), scaleByDiffGrad({ b1, b2, eps }), scaleByLearningRate(learningRate)) as GradientTransformation<unknown[]>;
}
