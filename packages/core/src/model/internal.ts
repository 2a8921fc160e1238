import type { Tensor } from '@tensorflow/tfjs';
import type { LayerContext } from '../layers/layer.js';
import type { ApplyOptions, LayerInfo, Params } from './types.js';

/** Where a sequential model keeps what per-example gradients need. @internal */
export const MODEL_INTERNALS = Symbol.for('gradbook.model.internals');

/** @internal */
export interface ModelInternals {
  /** `apply` with a hook at every affine layer (see {@link LayerContext.hook}). */
  run(params: Params, x: Tensor, options: ApplyOptions, hook: LayerContext['hook']): Tensor;
  /** Layers with an affine part (dense, conv2d), in order. */
  readonly affine: readonly LayerInfo[];
}

/** The internals of a model made by `sequential`, or undefined for other models. @internal */
export function internalsOf(model: object): ModelInternals | undefined {
  return (model as Record<symbol, ModelInternals | undefined>)[MODEL_INTERNALS];
}
