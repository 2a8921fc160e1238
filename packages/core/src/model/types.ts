import type { Scalar, Tensor } from '@tensorflow/tfjs';
import type { ModelConfig } from './config.js';

/** A model's parameters: one record per parametrised layer, e.g. `{ hidden: { kernel, bias } }`. */
export type Params = { [layer: string]: { [param: string]: Tensor } };

/** How a call to `model.apply` runs. All fields are optional. */
export interface ApplyOptions {
  /** Training mode: dropout is active. Default `false`. */
  training?: boolean;
  /** Seed for this call's randomness (dropout masks). Default 0. */
  seed?: number;
  /** Stop after the layer of this name and return its output (after its activation). */
  upTo?: string;
  /** Treat the input as the output of the layer of this name and run only the layers after it. */
  from?: string;
  /** Replace the output of named layers: by a tensor, or by a function of the computed output. */
  replace?: Record<string, Tensor | ((output: Tensor) => Tensor)>;
  /** Called with each layer's name and output as the forward pass goes (for activations, CAM). */
  onLayer?: (name: string, output: Tensor) => void;
}

/** What a model says about one of its layers. Shapes are per example (no batch dimension). */
export interface LayerInfo {
  readonly name: string;
  readonly type: string;
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  /** The names of the layer's parameters (`kernel`, `bias`), empty for parameter-free layers. */
  readonly params: readonly string[];
}

/**
 * A functional model: parameters live outside it, in a {@link Params} tree. `apply` runs a batch
 * (the first dimension of `x`) and is differentiable with respect to `params` and `x`, to second order.
 */
export interface Model<P extends Params = Params> {
  /** The shape of one example, e.g. `[28, 28, 1]`. */
  readonly inputShape: readonly number[];
  /** The shape of one example's output, e.g. `[10]`. */
  readonly outputShape: readonly number[];
  /** The layers in order. */
  readonly layers: readonly LayerInfo[];
  /**
   * The architecture as plain JSON, frozen, for `fromConfig` (saving a model, rebuilding it in a
   * worker); copy it to edit it.
   * Present on `sequential` models whose layers all come from Gradbook's layer functions.
   */
  readonly config?: ModelConfig;
  /** Fresh parameters drawn from `seed` (the same seed gives the same parameters). */
  init(seed?: number): P;
  /** The forward pass of a batch. */
  apply(params: P, x: Tensor, options?: ApplyOptions): Tensor;
}

/** A loss: model outputs and targets to a scalar (a mean over the batch). */
export type Loss = (output: Tensor, target: Tensor) => Scalar;
