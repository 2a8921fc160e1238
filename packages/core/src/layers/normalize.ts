import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';

/**
 * `(x − μ) / √(σ² + ε)` with μ and the biased σ² (divide by the count) over `axes`, kept for
 * broadcasting. Every op here is right to second order: TensorFlow.js's `rsqrt` gradient,
 * `−dy / (2·x^1.5)`, is built from its saved input, not its output (the conformance HVP cases
 * through layerNorm and batchNorm pass with it). @internal
 */
export function normalize(x: Tensor, axes: number[], epsilon: number): { normalized: Tensor; mean: Tensor; variance: Tensor } {
  const mean = tf.mean(x, axes, true);
  const centred = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centred), axes, true);
  return { normalized: tf.mul(centred, tf.rsqrt(tf.add(variance, epsilon))), mean, variance };
}

/** `gamma · normalized + beta`, broadcasting over the last axis. @internal */
export function scaleShift(normalized: Tensor, gamma: Tensor, beta: Tensor): Tensor {
  return tf.add(tf.mul(normalized, gamma), beta);
}
