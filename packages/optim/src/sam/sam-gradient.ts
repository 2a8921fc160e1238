import { GradbookError, tf, tree, valueAndGrad } from '@gradbook/core';
import type { Scalar, TensorTree } from '@gradbook/core';
import { checkValue } from '../internal/hyper.js';

/** Options of {@link samGradient} and {@link sam}. */
export interface SamOptions {
  /** Radius of the neighbourhood, > 0 (default `0.05`). */
  rho?: number;
  /** ASAM: scale the perturbation by `T = |w| + eta` per coordinate (default `false`). */
  adaptive?: boolean;
  /** ASAM's offset in `T = |w| + eta` (default `0.01`, as in the paper); unused without `adaptive`. */
  eta?: number;
}

/**
 * The sharpness-aware gradient: the gradient of `loss` at the worst-case neighbour
 * `w + e`, `e = ρ·g/‖g‖` with `g = ∇loss(w)` (SAM). With `adaptive`, `e = ρ·T²g/‖Tg‖`,
 * `T = |w| + η` (ASAM), which makes the neighbourhood scale-invariant.
 * Costs two gradient evaluations.
 *
 * @param loss - the loss as a function of the parameter tree (a scalar).
 * @param params - the current parameters (not modified).
 * @param options.rho - the radius ρ (default `0.05`).
 * @param options.adaptive - ASAM (default `false`).
 * @param options.eta - ASAM's η (default `0.01`).
 * @returns `value`: the loss at `params` (not at the neighbour); `grads`: the gradient at `w + e`.
 *   Both are new tensors the caller disposes.
 * @example
 * const { value, grads } = samGradient((p) => lossOf(p), params, { rho: 0.05 });
 * const { updates, state: next } = base.update(grads, state, params);
 * @see Foret, Kleiner, Mobahi & Neyshabur (2021), Sharpness-Aware Minimization for Efficiently Improving Generalization.
 * @see Kwon, Kim, Park & Choi (2021), ASAM: Adaptive Sharpness-Aware Minimization.
 */
export function samGradient<T extends TensorTree>(loss: (params: T) => Scalar, params: T, { rho = 0.05, adaptive = false, eta = 0.01 }: SamOptions = {}): { value: Scalar; grads: T } {
  const where = 'samGradient';
  if (typeof loss !== 'function') throw new GradbookError(where, `loss must be a function of the parameters returning a scalar, received ${typeof loss}; pass (params) => lossTensor`);
  checkValue(where, 'rho', rho, 'positive');
  checkValue(where, 'eta', eta, 'nonNegative');
  const { value, grads: g } = valueAndGrad(loss)(params);
  const perturbed = tf.tidy(() => {
    const scaleTree = adaptive ? (tree.map(params, (w) => tf.add(tf.abs(w), eta)) as TensorTree) : undefined;
    const tg = scaleTree ? tree.mul(g, scaleTree) : g;
    const factor = tf.div(rho, tf.add(tree.norm(tg), 1e-12));
    const e = scaleTree ? tree.map(tree.mul(tg, scaleTree), (x) => tf.mul(x, factor)) : tree.map(g, (x) => tf.mul(x, factor));
    return tree.add(params, e as TensorTree) as never;
  }) as T;
  tree.dispose(g);
  const { value: v2, grads } = valueAndGrad(loss)(perturbed);
  tree.dispose(v2, perturbed);
  return { value, grads: grads as unknown as T };
}
