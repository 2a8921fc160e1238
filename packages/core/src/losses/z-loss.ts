import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { GradbookError, ShapeError, formatShape } from '../errors.js';
import { softplus } from '../ops/elementwise.js';
import type { Loss } from '../model/types.js';

/** Options of {@link zLoss}. */
export interface ZLossOptions {
  /** Sharpness `a > 0` of the softplus: large `a` approaches the hinge `max(0, b − z)`. Default 1. */
  a?: number;
  /** Location `b`: the standardised score of the label beyond which the loss flattens. Default 1. */
  b?: number;
}

/**
 * The Z-loss, a classification loss invariant to shifting and to (positively) scaling the logits.
 * Each example's logits `o` over `C` classes are standardised, `z = (o − mean(o)) / std(o)` (the
 * population standard deviation, no ε), and the loss is the batch mean of
 * `softplus(a·(b − z_label)) / a`. Written with this package's twice-differentiable ops, so its
 * Hessian-vector products are exact.
 *
 * The logits of one example must not all be equal (their standard deviation is 0); with `C = 2`
 * `z` is always ±1, so use at least three classes.
 *
 * @param options - `a` (default 1) and `b` (default 1); the paper tunes both on validation data.
 * @returns a {@link Loss} `(logits [n, C], labels [n]) → scalar`; labels are class indices.
 * @example
 * const loss = zLoss({ a: 1, b: 1 });
 * const logits = tf.tensor2d([[2, 0, -1], [0, 1, 0.5]]);
 * const labels = tf.tensor1d([0, 1], 'int32');
 * loss(logits, labels).print();                        // 0.5631
 * loss(tf.add(tf.mul(logits, 5), 3), labels).print();  // the same: shift and scale invariant
 * @see de Brébisson & Vincent (2016), The Z-loss: a shift and scale invariant classification loss
 * belonging to the Spherical Family, §3.
 */
export function zLoss(options: ZLossOptions = {}): Loss {
  const { a = 1, b = 1 } = options;
  if (!(a > 0 && Number.isFinite(a))) throw new GradbookError('zLoss(a)', `expected a finite number > 0, got ${a}`);
  if (!Number.isFinite(b)) throw new GradbookError('zLoss(b)', `expected a finite number, got ${b}`);
  return (logits: Tensor, labels: Tensor): Scalar =>
    tf.tidy(() => {
      const z = standardise(logits);
      const target = labelScore('zLoss(labels)', z, labels);
      return tf.div(tf.mean(softplus(tf.mul(tf.sub(b, target), a))), a) as Scalar;
    });
}

/** `(o − mean(o)) / std(o)` over the last axis of `[n, C]` logits (population std). */
function standardise(logits: Tensor): Tensor {
  if (logits.rank !== 2) {
    throw new ShapeError('zLoss(logits)', `expected logits [batch, classes], got ${formatShape(logits.shape)}`, [null, null], logits.shape);
  }
  const centred = tf.sub(logits, tf.mean(logits, -1, true));
  // tf.sqrt's gradient is computed from its input, so this stays right at second order
  return tf.div(centred, tf.sqrt(tf.mean(tf.square(centred), -1, true)));
}

/** The entry of each row of `z` at its label: `[n]`. */
function labelScore(where: string, z: Tensor, labels: Tensor): Tensor {
  const [n, k] = z.shape as [number, number];
  if (labels.rank !== 1 || labels.shape[0] !== n) {
    throw new ShapeError(where, `expected ${n} integer labels [${n}] for logits ${formatShape(z.shape)}, got ${formatShape(labels.shape)}`, [n], labels.shape);
  }
  const indices = labels.dtype === 'int32' ? labels : tf.cast(labels, 'int32');
  return tf.sum(tf.mul(z, tf.cast(tf.oneHot(indices as Tensor, k), 'float32')), -1);
}
