import type { Scalar, Tensor } from '@tensorflow/tfjs';
import type { GradientTransformation } from '../gradient-transformation.js';
import type { Loss, Model, ModelState, Params } from '../model/types.js';
import type { BatchLoss } from './batch-loss.js';
import type { Batch, DataSource } from './data-source.js';

/** A metric computed on each training batch from the model's output and the targets. */
export type Metric = (output: Tensor, target: Tensor) => Scalar | number;

/** One step of a training run, as `train` yields it. */
export interface TrainEvent<P extends Params = Params> {
  /** Steps taken so far, counting from 1. */
  readonly step: number;
  /** The epoch this step belongs to, counting from 0. */
  readonly epoch: number;
  /**
   * The number of steps the run will take, when it can be known up front (`steps` given, or
   * `epochs` over data whose batch count is known); else `undefined`. For progress bars.
   */
  readonly total: number | undefined;
  /** The training loss on this step's batch, before the update. */
  readonly loss: number;
  /** The metrics on this step's batch (and `val_*` ones on evaluation steps). */
  readonly metrics: Readonly<Record<string, number>>;
  /**
   * The parameters after this step. They belong to the run and are freed when the run yields its
   * next event: clone them (`tree.clone`) to keep them. The parameters of the last event a run
   * yields are the consumer's to keep and dispose, however the run ends: it ran out of steps or
   * epochs, the consumer stopped iterating, the signal aborted it, the loss diverged or a step
   * threw. (Those of a step that diverged or threw are never yielded; the run frees them.)
   */
  readonly params: P;
  /**
   * The model's state after this step (the running statistics of its `batchNorm` layers; `{}`
   * without them), owned like `params`: freed at the next step, the last event's is the consumer's.
   */
  readonly state: ModelState;
}

/** The options of {@link train}. */
export interface TrainOptions<P extends Params = Params> {
  /** The model to train. */
  model: Model<P>;
  /**
   * The starting parameters. They are not modified or disposed. Default: `model.init(seed)`, made
   * and freed by the run (handy in a notebook cell, where nothing else would own them).
   */
  params?: P;
  /**
   * The starting state (running statistics of `batchNorm` layers), not modified or disposed.
   * Default: `model.initState()`, made and freed by the run. Each step's training forward pass
   * moves it (`model.applyWithState`); validation runs in evaluation mode with it.
   */
  state?: ModelState;
  /** The loss, e.g. `crossEntropy`; or a {@link BatchLoss} that changes per batch and learns from the run, e.g. `psKd(...)`. */
  loss: Loss | BatchLoss;
  /** Any gradient transformation (`@gradbook/optim`'s `adam(1e-3)`, `chain(...)`). */
  optimizer: GradientTransformation<any>;
  /** The training data: a batch, an array of batches, a batch loader, or a function of the epoch. */
  data: DataSource;
  /** Stop after this many steps (epochs repeat as needed). */
  steps?: number;
  /** Stop after this many passes over the data. */
  epochs?: number;
  /** Stops the run at the next step boundary with a `TrainingAbortedError` (name `AbortError`). */
  signal?: AbortSignal;
  /** Seeds the run's randomness (dropout). Default 0. */
  seed?: number;
  /** Metrics computed on each training batch, by name. Default none. */
  metrics?: Record<string, Metric>;
  /** Held-out data evaluated every `every` steps (and on the last step, when {@link TrainEvent.total} is known); its loss and metrics get a `val_` prefix. */
  validation?: { data: Batch; every?: number };
  /** Called with each event before it is yielded. */
  onStep?: (event: TrainEvent<P>) => void;
  /**
   * Threads that share each step (data parallelism): the batch is split into this many shards, this
   * thread computes the gradient of the first and worker threads (Node `worker_threads`, or Web
   * Workers in a browser), each with its own backend, compute the rest; the gradients are averaged
   * by shard size. Worth it on wasm, which runs one thread per backend, for batches large enough
   * that a shard's gradient outweighs sending the parameters (measured in `pnpm bench core`).
   * For the wasm and cpu backends. Needs a model with a `config` (made by `sequential` from
   * Gradbook layers) and a built-in loss; not for optimizers that bring their own gradient (SAM).
   * Dropout masks differ from a one-thread run (each shard draws its own). When the run ends its
   * workers wait 30 s for the next run on the same backend. Default 1.
   * @example
   * train({ model: cnn, loss: crossEntropy, optimizer: sgd(0.01), data, steps: 100, threads: 2 })
   */
  threads?: number;
}

