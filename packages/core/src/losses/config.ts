import type { Loss } from '../model/types.js';

/** A built-in loss as plain JSON, so that a worker thread can make the same loss. @internal */
export type LossConfig = { type: 'crossEntropy'; labelSmoothing: number } | { type: 'mse' };

// A WeakMap rather than a property on the function: losses stay plain functions to their users.
const configs = new WeakMap<Loss, LossConfig>();

/** Records what a built-in loss is. @internal */
export function describeLoss<L extends Loss>(loss: L, config: LossConfig): L {
  configs.set(loss, config);
  return loss;
}

/** The config of a built-in loss (`crossEntropy`, `crossEntropyWith(...)`, `mse`); undefined for other functions. @internal */
export function lossConfigOf(loss: Loss): LossConfig | undefined {
  return configs.get(loss);
}
