import { tidy } from '../internal/tidy.js';
import { tf, tree } from '@gradbook/core';
import type { Params, Tensor } from '@gradbook/core';
import { checkInput, checkRatio } from '../internal/checks.js';
import { lossOf, paramValueAndGrad } from '../internal/param-grad.js';
import type { LossInput } from './fisher-diagonal.js';

/**
 * Weight saliency: the magnitude of the loss gradient on the forget set, `|∇θ ℓ(forget)|`, as a
 * tree shaped like `params`. Large entries are the weights that matter most for what is to be
 * forgotten (SalUn).
 *
 * @param options - `model`, `params`, `loss`, and the forget set `x`, `y`.
 * @returns the saliency tree (yours to dispose).
 * @example
 * const s = weightSaliency({ model, params, loss: crossEntropy, x: forgetX, y: forgetY });
 * const mask = saliencyMask(s, 0.5);
 * @see Fan et al. (2024), SalUn: Empowering Machine Unlearning via Gradient-based Weight Saliency.
 */
export function weightSaliency(options: LossInput): Params {
  const { model, params, loss, x, y } = options;
  checkInput('weightSaliency', model, x);
  return tidy(() => {
    const { grads } = paramValueAndGrad(lossOf(model, loss, x, y), params);
    return tree.map(grads, (g) => tf.abs(g)) as Params;
  });
}

/**
 * The mask of the most salient weights, ranked over all parameters together: 1 where the saliency
 * is ≥ the k-th largest value, `k = ceil(ratio · count)`, else 0 (ties at the threshold are all
 * kept, so slightly more than k ones are possible). Below ratio 1, weights of zero saliency are
 * never kept, so the mask can have fewer than k ones.
 *
 * @param saliency - a tree of non-negative scores (from {@link weightSaliency}).
 * @param ratio - the fraction to keep, in (0, 1].
 * @returns a tree of 0/1 float tensors shaped like `saliency` (yours to dispose).
 * @example
 * saliencyMask(weightSaliency({ model, params, loss, x, y }), 0.5);
 * @see Fan et al. (2024), SalUn.
 */
export function saliencyMask<T extends Params>(saliency: T, ratio: number): T {
  checkRatio('saliencyMask', 'ratio', ratio);
  const all = tree.leaves(saliency);
  const count = all.reduce((n, l) => n + l.size, 0);
  const k = Math.ceil(ratio * count);
  const threshold = tidy(() => {
    const flat = tf.concat(all.map((l) => tf.reshape(l, [-1])));
    return tf.min(tf.topk(flat, k).values);
  });
  // A weight with zero saliency does not affect the forget loss, so it is salient only when every
  // weight is kept (ratio 1); otherwise a network whose gradients are mostly exact zeros (ReLU
  // units, black pixels) would get a threshold of 0 and a mask of all ones.
  const keep = (s: Tensor): Tensor => (ratio < 1 ? tf.logicalAnd(tf.greaterEqual(s, threshold), tf.greater(s, 0)) : tf.greaterEqual(s, threshold));
  const mask = tidy(() => tree.map(saliency, (s) => tf.cast(keep(s), 'float32'))) as unknown as T;
  threshold.dispose();
  return mask;
}
