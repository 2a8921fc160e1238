import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { GradbookError } from '../errors.js';
import { customOp } from './custom-op.js';

/** Options of {@link reste}. */
export interface ResteOptions {
  /**
   * The equilibrium parameter `o ≥ 1`: the backward pass is the derivative of `sign(x)·|x|^(1/o)`.
   * `o = 1` is the clipped straight-through estimator; larger `o` is closer to `sign` (smaller
   * estimating error) with larger gradients near 0 (less stable). Default 3.
   */
  o?: number;
  /** Gradients are zero where `|x| > threshold`. Default 1.5 (the authors' `t`). */
  threshold?: number;
  /** Where `|x| ≤ interval` the derivative (unbounded at 0) is replaced by the secant `interval^(1/o) / interval`. Default 0.1. */
  interval?: number;
}

/** The estimator's derivative r(x); every branch is finite, so its own gradient is too. */
function resteSlope(x: Tensor, o: number, threshold: number, interval: number): Tensor {
  return tf.tidy(() => {
    const ax = tf.abs(x);
    const power = tf.mul(1 / o, tf.pow(tf.maximum(ax, interval), (1 - o) / o));
    const slope = tf.where(tf.lessEqual(ax, interval), tf.fill(x.shape, interval ** (1 / o) / interval), power);
    return tf.where(tf.lessEqual(ax, threshold), slope, tf.zerosLike(x));
  });
}

/**
 * `sign(x)` (with `sign(0) = 0`) whose gradient is the rectified straight-through estimator
 * (ReSTE): the upstream gradient times the derivative of the power function `sign(x)·|x|^(1/o)`,
 * `(1/o)·|x|^((1−o)/o)`, clipped to zero beyond `threshold` and replaced by its secant within
 * `interval` of 0. Used to train binary networks: the forward pass is exactly binary, the backward
 * pass a rectified estimate of it.
 *
 * @param x - any float tensor (latent weights or activations).
 * @param options - `o` (default 3), `threshold` (default 1.5), `interval` (default 0.1).
 * @returns `sign(x)`, the shape of `x`.
 * @example
 * const x = tf.tensor1d([-2, -0.5, 0, 0.05, 1]);
 * ops.reste(x, { o: 2 }).print();                                    // [-1, -1, 0, 1, 1]
 * grad((v) => tf.sum(ops.reste(v, { o: 2 })))(x).print();           // [0, 0.7071, 3.1623, 3.1623, 0.5]
 * @see Wu et al. (ICCV 2023), Estimator Meets Equilibrium Perspective: A Rectified Straight Through
 * Estimator for Binary Neural Networks Training (the authors' `Binary_ReSTE`).
 */
export function reste<T extends Tensor>(x: T, options: ResteOptions = {}): T {
  const { o = 3, threshold = 1.5, interval = 0.1 } = options;
  if (!(o >= 1 && Number.isFinite(o))) throw new GradbookError('reste(o)', `expected a finite number ≥ 1, got ${o}`);
  if (!(threshold > 0)) throw new GradbookError('reste(threshold)', `expected a number > 0, got ${threshold}`);
  if (!(interval > 0 && interval < threshold)) throw new GradbookError('reste(interval)', `expected a number in (0, threshold = ${threshold}), got ${interval}`);
  return customOp([x], (v) => tf.sign(v), (dy, [v]) => [() => tf.mul(dy, resteSlope(v!, o, threshold, interval))]) as T;
}
