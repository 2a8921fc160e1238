import { GradbookError, tf, tree } from '@gradbook/core';
import type { Scalar, Tensor, TensorTree } from '@gradbook/core';
import { checkValue } from '../internal/hyper.js';

/** Options of {@link zerothOrderValueAndGrad}. */
export interface ZerothOrderOptions {
  /** The smoothing radius μ of the finite differences (default `1e-3`; larger in float32 for noisy losses). */
  mu?: number;
  /** Random directions averaged per estimate (default `20`). */
  samples?: number;
  /** Seed of the directions; the k-th call uses `seed + k` so estimates differ from step to step (default `0`). */
  seed?: number;
}

/**
 * A gradient estimator from function values only, shaped like autodiff's `valueAndGrad`: the
 * two-point estimator `ĝ = (1/q) Σₖ [(f(x + μuₖ) − f(x − μuₖ)) / 2μ] uₖ`, uₖ ~ N(0, I), an unbiased
 * estimate of the gradient of the Gaussian-smoothed `f`. Everything stays on the device.
 * Use it where autodiff is unavailable (black-box losses) or to teach what gradients estimate.
 *
 * @param f - the loss as a function of the parameter tree (a scalar).
 * @param options.mu - μ (default `1e-3`). @param options.samples - q (default `20`). @param options.seed - (default `0`).
 * @returns `(params) => { value, grads }`, like `valueAndGrad(f)`; the caller disposes both.
 * @example
 * const vg = zerothOrderValueAndGrad((p) => loss(p), { samples: 50 });
 * const { value, grads } = vg(params);
 * @see Nesterov & Spokoiny (2017), Random Gradient-Free Minimization of Convex Functions; Duchi, Jordan, Wainwright & Wibisono (2015).
 */
export function zerothOrderValueAndGrad<T extends TensorTree>(
  f: (params: T) => Scalar,
  { mu = 1e-3, samples = 20, seed = 0 }: ZerothOrderOptions = {},
): (params: T) => { value: Scalar; grads: T } {
  const where = 'zerothOrderValueAndGrad';
  if (typeof f !== 'function') throw new GradbookError(where, `f must be a function of the parameters returning a scalar, received ${typeof f}`);
  checkValue(where, 'mu', mu, 'positive');
  if (!Number.isInteger(samples) || samples < 1) throw new GradbookError(where, `samples must be a positive integer, received ${samples}`);
  let call = 0;
  return (params: T) => {
    const s = seed + call++;
    return tf.tidy(() => {
      const { leaves, structure } = tree.flatten(params);
      let acc = leaves.map((l) => tf.zerosLike(l) as Tensor);
      for (let k = 0; k < samples; k++) {
        const u = leaves.map((l, i) => tf.randomNormal(l.shape, 0, 1, 'float32', (s * 1_000_003 + k * 7919 + i * 104_729) % 2_147_483_647));
        const plus = f(tree.unflatten(structure, leaves.map((l, i) => tf.add(l, tf.mul(u[i]!, mu)))) as T);
        const minus = f(tree.unflatten(structure, leaves.map((l, i) => tf.sub(l, tf.mul(u[i]!, mu)))) as T);
        const c = tf.div(tf.sub(plus, minus), 2 * mu * samples);
        acc = acc.map((a, i) => tf.add(a, tf.mul(u[i]!, c)));
      }
      return { value: f(params), grads: tree.unflatten(structure, acc) as T } as never;
    }) as { value: Scalar; grads: T };
  };
}
