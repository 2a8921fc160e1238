import type { GradientTransformation } from '@gradbook/core';
import { momentum, type MomentumOptions } from './momentum.js';
import { aliasOptions } from '../internal/alias-options.js';
import type { Hyper } from '../internal/hyper.js';

/**
 * SGD with Nesterov momentum, PyTorch's form: `b = μ·b + g; p −= lr·(g + μ·b)`.
 *
 * @param learningRateOrOptions - the learning rate (number or schedule), or all options as one object.
 * @param options - as {@link momentum} (`learningRate` 0.01, `momentum` 0.9, `weightDecay` 0 as L2).
 * @returns a gradient transformation whose state holds the momentum buffer.
 * @example
 * const opt = nesterov({ learningRate: 0.05, momentum: 0.9 });
 * @see Sutskever, Martens, Dahl & Hinton (2013), On the importance of initialization and momentum in deep learning.
 */
export function nesterov(
  learningRateOrOptions?: Hyper | Omit<MomentumOptions, 'nesterov'>,
  options?: Omit<MomentumOptions, 'nesterov'>,
): GradientTransformation<unknown[]> {
  return momentum({ ...aliasOptions<MomentumOptions>('nesterov', learningRateOrOptions, options), nesterov: true });
}
