import { tidy } from '../internal/tidy.js';
import { GradbookError, tf, tree } from '@gradbook/core';
import type { Params, Tensor } from '@gradbook/core';
import { checkInput } from '../internal/checks.js';
import { fisherDiagonal, type LossInput } from './fisher-diagonal.js';

/** Options of {@link selectiveSynapticDampening}. */
export interface SelectiveSynapticDampeningOptions extends LossInput {
  /** The forget set, a subset of (or separate from) the full data `x`, `y`. */
  forget: { x: Tensor; y: Tensor };
  /** Selection: a weight is dampened where `F_f > alpha · F_D`. Default 10. */
  alpha?: number;
  /** Dampening strength: the factor is `min(lambda · F_D / F_f, 1)`. Default 1. */
  lambda?: number;
}

/**
 * Selective Synaptic Dampening: unlearning without retraining. With `F_D` the Fisher diagonal over
 * all the data and `F_f` over the forget set, each weight where `F_f > alpha·F_D` (it matters far
 * more to the forget set than to the rest) is multiplied by `min(lambda·F_D/F_f, 1)`.
 *
 * @param options - `model`, `params`, `loss`, all data `x`, `y`, the `forget` set; `alpha` (10),
 *   `lambda` (1).
 * @returns new parameters (yours to dispose); `params` is left as it is.
 * @example
 * const unlearned = selectiveSynapticDampening({ model, params, loss: crossEntropy, x, y, forget: { x: fx, y: fy } });
 * @see Foster, Schoepf, Brintrup (2024), Fast Machine Unlearning Without Retraining Through Selective Synaptic Dampening.
 */
export function selectiveSynapticDampening(options: SelectiveSynapticDampeningOptions): Params {
  const { model, params, loss, x, y, forget, alpha = 10, lambda = 1 } = options;
  checkInput('selectiveSynapticDampening', model, x);
  if (!forget || !forget.x || !forget.y) throw new GradbookError('selectiveSynapticDampening(forget)', 'expected the forget set as { x, y } tensors');
  checkInput('selectiveSynapticDampening', model, forget.x, 'forget.x');
  const fisherAll = fisherDiagonal({ model, params, loss, x, y });
  const fisherForget = fisherDiagonal({ model, params, loss, x: forget.x, y: forget.y });
  const out = dampen({ params, fisherAll, fisherForget, alpha, lambda });
  tree.dispose(fisherAll, fisherForget);
  return out;
}

/**
 * The dampening step of SSD on given Fisher diagonals: `θ · min(λ F_D / F_f, 1)` where
 * `F_f > α F_D`, else `θ`.
 *
 * @param options - `params`, `fisherAll` (F_D), `fisherForget` (F_f), `alpha` (10), `lambda` (1).
 * @returns new parameters (yours to dispose).
 * @example
 * dampen({ params, fisherAll: fisherDiagonal({ ...all }), fisherForget: fisherDiagonal({ ...forget }) });
 */
export function dampen<T extends Params>(options: { params: T; fisherAll: Params; fisherForget: Params; alpha?: number; lambda?: number }): T {
  const { params, fisherAll, fisherForget, alpha = 10, lambda = 1 } = options;
  for (const [name, v] of [['alpha', alpha], ['lambda', lambda]] as const) {
    if (!(Number.isFinite(v) && v >= 0)) throw new GradbookError(`dampen(${name})`, `expected a finite number ≥ 0, got ${v}`);
  }
  return tidy(() =>
    tree.zip(
      [params, fisherAll, fisherForget],
      ([p, fd, ff]) => {
        const selected = tf.greater(ff!, tf.mul(alpha, fd!));
        const factor = tf.minimum(tf.div(tf.mul(lambda, fd!), tf.where(selected, ff!, tf.onesLike(ff!))), 1);
        return tf.where(selected, tf.mul(p!, factor), p!);
      },
      'dampen',
    ),
  ) as T;
}
