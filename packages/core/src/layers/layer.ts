import type { Tensor } from '@tensorflow/tfjs';
import type { LayerInfo } from '../model/types.js';
import type { ConvSpec } from '../ops/conv2d.js';
import type { LayerConfig } from '../model/config.js';

/** What a layer sees of one call to `model.apply`. @internal */
export interface LayerContext {
  /** Dropout is active. */
  readonly training: boolean;
  /** This layer's own seed for this call (derived from the call's seed and the layer's index). */
  readonly seed: number;
  /**
   * Called by layers with an affine part with their input and pre-activation (and, for conv2d, how
   * the kernel slides); returns the pre-activation to use. Per-example gradients add a zero probe here.
   */
  readonly hook?: (layer: string, input: Tensor, pre: Tensor, conv?: ConvSpec) => Tensor;
  /**
   * This layer's running statistics (a layer with `stateShapes`) when the caller passed a state
   * tree: used in evaluation mode, the start of the update in training mode. `undefined` in
   * evaluation mode means: normalise with the batch's own statistics.
   */
  readonly state?: Record<string, Tensor>;
  /** Present in training mode when the caller collects state (`applyWithState`): records this layer's new state. */
  readonly setState?: (state: Record<string, Tensor>) => void;
  /**
   * For blocks: runs layers placed inside this one, in order, as the model runs its own (their
   * parameters, `replace`, `onLayer`, `upTo`, state); `branch` salts their seeds. `stopped` says
   * that `upTo` named one of them: return `output` as it is.
   */
  readonly run: (layers: readonly BuiltLayer[], x: Tensor, branch?: number) => { output: Tensor; stopped: boolean };
}

/** A layer placed in a model: its shapes are known. @internal */
export interface BuiltLayer {
  readonly info: LayerInfo;
  /** The shape of each parameter, e.g. `{ kernel: [784, 256], bias: [256] }`; empty without parameters. */
  readonly paramShapes: Readonly<Record<string, readonly number[]>>;
  /** Fresh parameters drawn from `seed`. */
  init(seed: number): Record<string, Tensor>;
  /** The shape of each state tensor (running statistics), e.g. `{ mean: [16], variance: [16] }`. */
  readonly stateShapes?: Readonly<Record<string, readonly number[]>>;
  /** The state before any training (batchNorm: mean 0, variance 1). */
  initState?(): Record<string, Tensor>;
  /** Blocks (`residual`, `concat`): the layers inside, one list per branch, in the order they run. */
  readonly branches?: readonly (readonly BuiltLayer[])[];
  /** The layer takes integer inputs (`embedding`): the model does not cast its input to float32. */
  readonly integerInput?: boolean;
  /** Blocks: the config with the names of the layers inside filled in (see `model.config`). */
  readonly config?: LayerConfig;
  /** The layer on a batch (`x` has the batch dimension first). */
  apply(params: Record<string, Tensor> | undefined, x: Tensor, context: LayerContext): Tensor;
}

/**
 * A layer description, as made by `dense(...)`, `conv2d(...)` and the others; `sequential` places it
 * after the previous layer, which fixes its input shape.
 */
export interface Layer {
  /** The layer's name (parameters live under it); `sequential` names unnamed layers `type` + index. */
  readonly name?: string;
  /** The layer type, e.g. `dense`. */
  readonly type: string;
  /**
   * The options the layer was made with, as plain JSON (`{ type: 'dense', units: 10, … }`), so that
   * `fromConfig` can make it again, e.g. in a worker thread. Absent on hand-written layers.
   */
  readonly config?: LayerConfig;
  /** Places the layer on inputs of one example's shape `inputShape`. @internal */
  build(inputShape: readonly number[], name: string): BuiltLayer;
}
