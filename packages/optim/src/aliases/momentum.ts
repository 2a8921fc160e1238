import type { GradientTransformation } from '@gradbook/core';
import { aliasOptions } from '../internal/alias-options.js';
import { chain } from '../chain.js';
import { scaleByLearningRate } from '../transforms/scale-by-learning-rate.js';
import { traceMomentum } from '../transforms/trace-momentum.js';
import { decayLink } from '../internal/decay.js';
import type { CommonOptions } from '../internal/options.js';
import type { Hyper } from '../internal/hyper.js';

/** Options of {@link momentum} and {@link nesterov}. */
export interface MomentumOptions extends CommonOptions {
  /** μ, in [0, 1), or a schedule (default `0.9`). */
  momentum?: Hyper;
  /** Nesterov's look-ahead (default `false`; {@link nesterov} sets it). */
  nesterov?: boolean;
}

/**
 * SGD with heavy-ball momentum in PyTorch's convention: `g += wd·p; b = μ·b + g` (`b = g` at the
 * first step); `p −= lr·b`, or `p −= lr·(g + μ·b)` with `nesterov: true`.
 *
 * @param learningRateOrOptions - the learning rate (number or schedule), or all options as one object.
 * @param options.learningRate - step size, number or schedule (default `0.01`).
 * @param options.momentum - μ (default `0.9`).
 * @param options.nesterov - Nesterov's form (default `false`).
 * @param options.weightDecay - L2 coefficient added to the gradient (default `0`).
 * @param options.decayMask - which parameters are decayed (default all).
 * @returns a gradient transformation whose state holds the momentum buffer.
 * @example
 * const opt = momentum({ learningRate: 0.05, momentum: 0.9 });
 * @see Polyak (1964), Some methods of speeding up the convergence of iteration methods.
 */
export function momentum(learningRateOrOptions?: Hyper | MomentumOptions, options?: MomentumOptions): GradientTransformation<unknown[]> {
  const { learningRate = 0.01, momentum: mu = 0.9, nesterov = false, weightDecay = 0, decayMask } = aliasOptions('momentum', learningRateOrOptions, options);
  return chain(
    ...decayLink(nesterov ? 'nesterov' : 'momentum', weightDecay, decayMask),
    traceMomentum({ decay: mu, nesterov }),
    scaleByLearningRate(learningRate),
  ) as GradientTransformation<unknown[]>;
}
