import type { TensorTree } from '@gradbook/core';
import { linearScalarization } from './linear-scalarization.js';
import { minNormWeights, type MinNormOptions } from './min-norm-weights.js';

/**
 * The multiple-gradient descent direction: the min-norm point `d = Σ αᵢgᵢ` of the convex hull of
 * the per-objective gradients. Stepping along `−d` decreases every objective to first order
 * (`d·gᵢ ≥ ‖d‖²`), and `d = 0` marks a Pareto-stationary point. Feed `direction` to any optimizer
 * as the gradient.
 *
 * @param grads - one gradient tree per objective (e.g. source and target losses, as in Pareto domain adaptation).
 * @param options - see {@link minNormWeights} (Frank–Wolfe settings for three or more objectives).
 * @returns `weights` (α, on the simplex) and `direction` (a new tree).
 * @example
 * const { weights, direction } = mgda([gradSource, gradTarget]);
 * const { updates, state: next } = opt.update(direction, state, params);
 * @see Désidéri (2012); Sener & Koltun (2018); Lv et al. (2021), Pareto Domain Adaptation.
 */
export function mgda<T extends TensorTree>(grads: readonly T[], options: MinNormOptions = {}): { weights: number[]; direction: T } {
  const weights = minNormWeights(grads, options);
  return { weights, direction: linearScalarization(grads, weights) };
}
