import type { GradientTransformation } from '@gradbook/core';
import { aliasOptions } from '../internal/alias-options.js';
import type { Hyper } from '../internal/hyper.js';
import { chain } from '../chain.js';
import { scaleByAdam } from '../transforms/scale-by-adam.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import { decayLink } from '../internal/decay.js';
import type { CommonOptions } from '../internal/options.js';

/** Options of {@link adam}, {@link adamw} and {@link diffGrad}. */
export interface AdamOptions extends CommonOptions {
  /** Decay of the first moment, in [0, 1) (default `0.9`). */
  b1?: Hyper;
  /** Decay of the second moment, in [0, 1) (default `0.999`). */
  b2?: Hyper;
  /** Added to the root of the second moment (default `1e-8`). */
  eps?: Hyper;
}

/**
 * Adam, with PyTorch's update: `g += wd·p` (L2, optional); `m = β1m + (1−β1)g; v = β2v + (1−β2)g²;
 * p −= (lr/(1−β1ᵗ))·m/(√v/√(1−β2ᵗ) + ε)`. For decoupled decay use {@link adamw}.
 *
 * @param learningRateOrOptions - the learning rate (number or schedule), or all options as one object.
 * @param options.learningRate - step size, number or schedule (default `1e-3`).
 * @param options.b1 - default `0.9`. @param options.b2 - default `0.999`. @param options.eps - default `1e-8`.
 * @param options.weightDecay - L2 coefficient added to the gradient (default `0`).
 * @param options.decayMask - which parameters are decayed (default all).
 * @returns a gradient transformation whose state holds `mu` and `nu` (inside the chain's array).
 * @example
 * const opt = adam({ learningRate: 1e-3 });
 * let state = opt.init(params);
 * ({ updates, state } = opt.update(grads, state, params));
 * @see Kingma & Ba (2015), Adam: A Method for Stochastic Optimization.
 */
export function adam(learningRateOrOptions?: Hyper | AdamOptions, options?: AdamOptions): GradientTransformation<unknown[]> {
  const { learningRate = 1e-3, b1 = 0.9, b2 = 0.999, eps = 1e-8, weightDecay = 0, decayMask } = aliasOptions('adam', learningRateOrOptions, options);
  return chain(...decayLink('adam', weightDecay, decayMask), scaleByAdam({ b1, b2, eps }), scaleByLearningRate(learningRate)) as GradientTransformation<unknown[]>;
}
