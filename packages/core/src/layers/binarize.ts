import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { GradbookError } from '../errors.js';
import { reste } from '../ops/reste.js';
import { ste } from '../ops/ste.js';
import { stopGradient } from '../ops/stop-gradient.js';

/** How a binary layer binarises, shared by {@link binaryDense} and {@link binaryConv2d}. */
export interface BinarizeOptions {
  /** The backward pass of `sign`: `reste` (rectified, Wu et al. 2023) or `ste` (clipped straight-through). Default `reste`. */
  estimator?: 'reste' | 'ste';
  /** ReSTE's equilibrium parameter `o ≥ 1` (ignored by `ste`). Default 3. */
  o?: number;
  /** Gradients stop where `|x| > threshold`. Default 1.5 for `reste`, 1 for `ste`. */
  threshold?: number;
  /** ReSTE's secant interval around 0. Default 0.1. */
  interval?: number;
  /** Binarise the layer's input too (sign of the activations), not only its weights. Default false. */
  binarizeInputs?: boolean;
  /** Multiply each output unit by the mean `|kernel|` of its weights (a constant per step, as in XNOR-Net). Default true. */
  scale?: boolean;
}

/** The options with their defaults, as plain JSON. @internal */
export interface BinarizeConfig {
  estimator: 'reste' | 'ste';
  o: number;
  threshold: number;
  interval: number;
  binarizeInputs: boolean;
  scale: boolean;
}

/** Checks the options and fills in the defaults. @internal */
export function binarizeConfig(where: string, options: BinarizeOptions): BinarizeConfig {
  const estimator = options.estimator ?? 'reste';
  if (estimator !== 'reste' && estimator !== 'ste') throw new GradbookError(`${where}(estimator)`, `expected 'reste' or 'ste', got '${String(estimator)}'`);
  const config: BinarizeConfig = {
    estimator,
    o: options.o ?? 3,
    threshold: options.threshold ?? (estimator === 'reste' ? 1.5 : 1),
    interval: options.interval ?? 0.1,
    binarizeInputs: options.binarizeInputs ?? false,
    scale: options.scale ?? true,
  };
  // the estimators check their own numbers; fail at construction rather than at the first step
  tf.tidy(() => signOf(where, config)(tf.zeros([1])));
  return config;
}

/** `sign` with the configured estimator as its gradient. @internal */
export function signOf(where: string, c: BinarizeConfig): (x: Tensor) => Tensor {
  const sign = c.estimator === 'reste' ? (x: Tensor) => reste(x, c) : (x: Tensor) => ste(x, { threshold: c.threshold });
  return (x) => {
    try {
      return sign(x);
    } catch (err) {
      throw GradbookError.isInstance(err) ? new GradbookError(where, err.message) : err;
    }
  };
}

/** The binary kernel `sign(W)` (times the per-output mean |W| when scaled), `W`'s last axis being the outputs. @internal */
export function binaryKernel(kernel: Tensor, c: BinarizeConfig, sign: (x: Tensor) => Tensor): Tensor {
  const b = sign(kernel);
  if (!c.scale) return b;
  const axes = kernel.shape.slice(0, -1).map((_, i) => i);
  return tf.mul(b, stopGradient(tf.mean(tf.abs(kernel), axes)));
}
