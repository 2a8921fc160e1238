import type { Scalar, Tensor } from '@tensorflow/tfjs';
import type { ModelConfig } from './config.js';

/** A model's parameters: one record per parametrised layer, e.g. `{ hidden: { kernel, bias } }`. */
export type Params = { [layer: string]: { [param: string]: Tensor } };

/**
 * A model's state beside its parameters: the running statistics of its `batchNorm` layers, e.g.
 * `{ bn1: { mean, variance } }`. Not differentiated, not touched by optimizers; `train` updates it.
 */
export type ModelState = { [layer: string]: { [name: string]: Tensor } };

/** How a call to `model.apply` runs. All fields are optional. */
export interface ApplyOptions {
  /**
   * Training mode: dropout is active and `batchNorm` normalises with the batch's statistics.
   * Default `false`.
   */
  training?: boolean;
  /**
   * Running statistics (from `model.initState()`, updated by `train`) that `batchNorm` layers
   * normalise with in evaluation mode. Without it, `batchNorm` uses the batch's own statistics in
   * both modes (as PyTorch's `track_running_stats=False`). Ignored in training mode.
   */
  state?: ModelState;
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
  /** The block (`residual`, `concat`) this layer sits in, if any; `from` cannot start inside one. */
  readonly block?: string;
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
  /**
   * The state before training: `{}` unless the model has `batchNorm` layers (then their running
   * mean 0 and variance 1). Present on `sequential` models.
   */
  initState?(): ModelState;
  /**
   * The forward pass and the state after it: in training mode each `batchNorm` layer's running
   * statistics move towards the batch's (`options.state`, default `initState()`, is not modified);
   * in evaluation mode the state comes back unchanged (copies). The returned state is new tensors
   * owned by the caller. Present on `sequential` models.
   */
  applyWithState?(params: P, x: Tensor, options?: ApplyOptions): { output: Tensor; state: ModelState };
}

/** A loss: model outputs and targets to a scalar (a mean over the batch). */
export type Loss = (output: Tensor, target: Tensor) => Scalar;
