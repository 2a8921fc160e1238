import { GradbookError, tf, tree } from '@gradbook/core';
import type { TensorTree } from '@gradbook/core';
import { checkTree } from '../internal/check-tree.js';
import { checkValue } from '../internal/hyper.js';

/**
 * Linear scalarisation: the weighted sum `Σ wᵢ gᵢ` of per-objective gradients, i.e. the gradient of
 * `Σ wᵢ Lᵢ`. The baseline MGDA is compared with.
 *
 * @param grads - one gradient tree per objective.
 * @param weights - one weight ≥ 0 per objective (default: equal weights `1/k`).
 * @returns a new tree, the combined gradient.
 * @example
 * const g = linearScalarization([g1, g2], [0.5, 0.5]);
 */
export function linearScalarization<T extends TensorTree>(grads: readonly T[], weights?: readonly number[]): T {
  const where = 'linearScalarization';
  if (!Array.isArray(grads) || grads.length === 0) throw new GradbookError(where, 'grads must be a non-empty array of gradient trees, one per objective');
  const w = weights ?? grads.map(() => 1 / grads.length);
  if (w.length !== grads.length) throw new GradbookError(where, `weights has ${w.length} entries but there are ${grads.length} gradients; give one weight per objective`);
  w.forEach((x, i) => checkValue(where, `weights[${i}]`, x, 'nonNegative'));
  grads.forEach((g, i) => i > 0 && checkTree(where, `grads[${i}]`, g, 'grads[0]', grads[0]!));
  return tree.zip(grads as TensorTree[], (leaves) => tf.tidy(() => tf.addN(leaves.map((l, i) => tf.mul(l, w[i]!))))) as T;
}
