import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { GradbookError } from '../errors.js';
import type { GradientTransformation } from '../gradient-transformation.js';
import type { Loss, Model, ModelState, Params } from '../model/types.js';
import { valueAndGrad } from '../autodiff/value-and-grad.js';
import { add as treeAdd, dispose as treeDispose } from '../tree/arithmetic.js';
import { disposeReplaced } from '../tree/dispose-replaced.js';
import { batchesPerEpoch, epochBatches, type Batch, type DataSource } from './data-source.js';
import { TrainingAbortedError, TrainingDivergedError } from './errors.js';
import { GradientWorkers } from '../parallel/gradient-workers.js';
import { wasmPathsInUse } from '../backend.js';
import { lossConfigOf } from '../losses/config.js';
import { checkClassLabelsAsync } from '../losses/class-labels.js';
import { evaluationLoss, isBatchLoss, lossForBatch, type BatchLoss } from './batch-loss.js';

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

function checkCount(name: string, value: number | undefined): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < 1) {
    throw new GradbookError(`train(${name})`, `expected a whole number ≥ 1, got ${value}`);
  }
}

function validate<P extends Params>(o: TrainOptions<P>): void {
  if (!o || typeof o !== 'object') throw new GradbookError('train', 'expected an options object { model, params, loss, optimizer, data, steps | epochs }');
  if (!o.model || typeof o.model.apply !== 'function') throw new GradbookError('train(model)', 'expected a model with apply(params, x), e.g. from sequential(...)');
  if (o.params !== undefined && (!o.params || typeof o.params !== 'object')) throw new GradbookError('train(params)', 'expected a parameter tree, e.g. model.init(seed)');
  if (typeof o.loss !== 'function' && !isBatchLoss(o.loss)) throw new GradbookError('train(loss)', 'expected a loss function (output, target) => scalar, e.g. crossEntropy');
  if (!o.optimizer || typeof o.optimizer.init !== 'function' || typeof o.optimizer.update !== 'function') {
    throw new GradbookError('train(optimizer)', 'expected a gradient transformation { init, update }, e.g. adam(1e-3) from @gradbook/optim');
  }
  if (o.data === undefined || o.data === null) throw new GradbookError('train(data)', 'no data given');
  checkCount('steps', o.steps);
  checkCount('epochs', o.epochs);
  if (o.steps === undefined && o.epochs === undefined) throw new GradbookError('train', 'give steps or epochs (or both: whichever ends first)');
  if (o.validation) checkCount('validation.every', o.validation.every);
  checkCount('threads', o.threads);
  if ((o.threads ?? 1) > 1 && isBatchLoss(o.loss)) throw new GradbookError('train(threads)', 'a per-batch loss (such as psKd) runs on one thread; use threads: 1');
  if ((o.threads ?? 1) > 1 && bringsGradient(o.optimizer)) {
    throw new GradbookError('train(threads)', 'an optimizer that computes its own gradient (such as sam) cannot be split across threads; use threads: 1');
  }
}

/**
 * Yields to the event loop between steps, so that timers, I/O and input events run mid-run: a page
 * repaints and handles a slider, and an abort from a timer or a request is seen at the next step.
 * (Awaiting a tensor read is not enough: on cpu and wasm it resolves as a microtask.) Node has
 * `setImmediate`; pages and workers a `MessageChannel`, which unlike `setTimeout(0)` is not clamped.
 */
const breathe: () => Promise<void> =
  typeof setImmediate === 'function'
    ? () => new Promise((resolve) => setImmediate(resolve))
    : typeof MessageChannel !== 'undefined'
      ? () =>
          new Promise((resolve) => {
            const ch = new MessageChannel();
            ch.port1.onmessage = () => {
              ch.port1.close();
              resolve();
            };
            ch.port2.postMessage(null);
          })
      : () => new Promise((resolve) => setTimeout(resolve, 0));

async function readMetrics(values: Record<string, Scalar | number>, prefix = ''): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, v] of Object.entries(values)) {
    out[prefix + name] = typeof v === 'number' ? v : (await v.data())[0]!;
    if (typeof v !== 'number') v.dispose();
  }
  return out;
}

/**
 * Trains a model, one event per optimisation step: an async generator, so a notebook cell (or a
 * `for await` loop) sees the loss as it falls and can stop the run at any step.
 *
 * The run checks `signal` between steps, frees every tensor it made (including after an abort or a
 * `break`), and stops with a {@link TrainingDivergedError} naming the step when the loss turns NaN
 * or infinite. Only the last event's `params` outlive the run, however it ends (an abort or a
 * divergence included): they are the caller's to keep and dispose. With a cross-entropy loss, a
 * batch whose integer labels are not classes of the model's output stops the run with an error
 * naming the step, the first bad label and its index.
 *
 * @param options - model, params, loss, optimizer, data and a budget (`steps` or `epochs`); see
 *   {@link TrainOptions}.
 * @returns an async generator of {@link TrainEvent}s.
 * @example
 * const model = sequential([2], [dense({ name: 'hidden', units: 16, activation: 'tanh' }), dense({ name: 'out', units: 2 })]);
 * for await (const e of train({ model, params: model.init(0), loss: crossEntropy, optimizer: sgd(0.1), data: { x, y }, steps: 100 })) {
 *   if (e.step % 25 === 0) console.log(e.step, e.loss.toFixed(3));
 * }
 */
export async function* train<P extends Params>(options: TrainOptions<P>): AsyncGenerator<TrainEvent<P>, void, undefined> {
  validate(options);
  const { model, loss, optimizer, data, signal, seed = 0, metrics = {}, validation, onStep } = options;
  const maxSteps = options.steps ?? Infinity;
  const maxEpochs = options.epochs ?? Infinity;
  const evalEvery = validation?.every ?? Infinity;
  const perEpoch = batchesPerEpoch(data);
  const byEpochs = options.epochs !== undefined && perEpoch !== undefined ? options.epochs * perEpoch : undefined;
  const total = options.steps !== undefined ? Math.min(options.steps, byEpochs ?? Infinity) : byEpochs;
  if (signal?.aborted) throw new TrainingAbortedError(0, signal.reason);

  const ownsInitial = options.params === undefined;
  const initial = options.params ?? (model.init(seed) as P);
  let params = initial;
  // The params of the last event yielded: the consumer's once the run ends, however it ends.
  let handedOut: P | undefined;
  // Whether `params` may be freed by the run when replaced or on failure.
  const disposable = (p: P): boolean => ownsInitial || p !== initial;
  let state: unknown;
  const ownsInitialState = options.state === undefined;
  const initialState: ModelState = options.state ?? model.initState?.() ?? {};
  // Models without running statistics skip applyWithState (and its copies) altogether.
  const stateful = Object.keys(initialState).length > 0 && typeof model.applyWithState === 'function';
  let modelState = initialState;
  const disposableState = (s: ModelState): boolean => ownsInitialState || s !== initialState;
  let handedOutState: ModelState | undefined;
  let step = 0;
  // SAM-style optimizers bring their own gradient (evaluated at a perturbed point).
  const gradient: GradientOf<P> = bringsGradient<P>(optimizer)
    ? (f, p) => optimizer.gradient(f, p)
    : (f, p) => valueAndGrad(f)(p) as unknown as { value: Scalar; grads: P };
  const afterStep = isBatchLoss(loss) ? loss.afterStep?.bind(loss) : undefined;
  const wantsOutput = Object.keys(metrics).length > 0 || afterStep !== undefined;
  // Integer labels of a cross-entropy run are checked against the classes here, with an
  // asynchronous read (one per new label tensor), so that GPU backends, where the loss does not
  // read them, refuse them too. Checked tensors are remembered: the loss does not read them again.
  const classes = (isBatchLoss(loss) ? undefined : lossConfigOf(loss))?.type === 'crossEntropy' && model.outputShape.length === 1 ? model.outputShape[0] : undefined;
  const checkLabels = async (where: string, y: Tensor): Promise<void> => {
    if (classes !== undefined) await checkClassLabelsAsync(where, y, classes);
  };
  const threads = options.threads ?? 1;
  let workers: GradientWorkers | undefined;

  const applyGradient = (batch: Batch, value: Scalar, grads: P, output: Tensor | undefined): StepResult<P> => {
    const { updates, state: nextState } = optimizer.update(grads, state, params);
    const metricValues: Record<string, Scalar | number> = {};
    if (output) {
      for (const [name, m] of Object.entries(metrics)) metricValues[name] = m(output, batch.y);
    }
    return { value, next: treeAdd(params, updates) as P, nextState, metricValues, nextModelState: undefined };
  };

  const stepOnce = (batch: Batch, stepSeed: number, outputs: Tensor[], batchLoss: Loss): StepResult<P> => {
    let nextModelState: ModelState | undefined;
    const objective = (p: P): Scalar => {
      let output: Tensor;
      if (stateful) {
        // The state after the forward pass outlives the gradient's tidy; an optimizer that
        // evaluates the loss twice (SAM) keeps the last pass's.
        const r = model.applyWithState!(p, batch.x, { training: true, seed: stepSeed, state: modelState });
        if (nextModelState) treeDispose(nextModelState);
        nextModelState = r.state;
        treeForEachKeep(nextModelState);
        output = r.output;
      } else output = model.apply(p, batch.x, { training: true, seed: stepSeed });
      if (wantsOutput) outputs.push(tf.keep(output));
      return batchLoss(output, batch.y);
    };
    try {
      const { value, grads } = gradient(objective, params);
      return { ...applyGradient(batch, value, grads, outputs[0]), nextModelState };
    } catch (err) {
      if (nextModelState) treeDispose(nextModelState);
      throw err;
    }
  };

  // With worker threads the gradient arrives asynchronously; the update then runs as above.
  const stepSharded = async (batch: Batch, stepSeed: number, outputs: Tensor[]): Promise<StepResult<P>> => {
    const { value, grads, output } = await workers!.valueAndGrad(params, batch.x, batch.y, stepSeed, wantsOutput);
    if (output) outputs.push(output);
    try {
      return tf.tidy(() => applyGradient(batch, value, grads, output) as unknown as tf.TensorContainer) as unknown as StepResult<P>;
    } catch (err) {
      value.dispose();
      throw err;
    } finally {
      treeDispose(grads);
    }
  };

  const evaluate = (): Record<string, Scalar | number> =>
    tf.tidy(() => {
      const output = model.apply(params, validation!.data.x, { training: false, ...(stateful ? { state: modelState } : {}) });
      const values: Record<string, Scalar | number> = { loss: evaluationLoss(loss)(output, validation!.data.y) };
      for (const [name, m] of Object.entries(metrics)) values[name] = m(output, validation!.data.y);
      return values as Record<string, Scalar>;
    });

  try {
    if (stateful && threads > 1) throw new GradbookError('train(threads)', 'a model with running statistics (batchNorm) cannot be split across threads yet; use threads: 1');
    state = optimizer.init(initial);
    if (validation) await checkLabels('train(validation.data)', validation.data.y);
    if (threads > 1) workers = await GradientWorkers.start('train(threads)', model as Model, loss as Loss, threads, wasmPathsInUse());
    for (let epoch = 0; epoch < maxEpochs && step < maxSteps; epoch++) {
      let batchesThisEpoch = 0;
      for await (const batch of epochBatches(data, epoch)) {
        if (signal?.aborted) throw new TrainingAbortedError(step, signal.reason);
        if (step >= maxSteps) break;
        if (batch.x instanceof tf.Tensor && batch.x.shape[0] === 0) {
          throw new GradbookError(`train(data), step ${step + 1}`, `the batch is empty (x has shape [${batch.x.shape.join(', ')}]); every batch needs at least one example`);
        }
        await checkLabels(`train(data), step ${step + 1}`, batch.y);
        batchesThisEpoch++;
        step++;
        const outputs: Tensor[] = [];
        const stepSeed = (seed * 1_000_003 + step) >>> 0;
        // tidy keeps every tensor reachable from what the closure returns; the cast only tells the
        // type checker that optimizer state (typed `unknown`) is such a container.
        let result: StepResult<P>;
        try {
          const batchLoss = lossForBatch(loss, batch, epoch);
          result = workers
            ? await stepSharded(batch, stepSeed, outputs)
            : (tf.tidy(() => stepOnce(batch, stepSeed, outputs, batchLoss) as unknown as tf.TensorContainer) as unknown as StepResult<P>);
          // a per-batch loss learns from this step's output (PS-KD keeps each example's prediction)
          if (afterStep) await afterStep(batch, outputs[0]!, epoch);
        } finally {
          // The model's output is kept past tidy for the metrics; freed here even when the loss threw.
          outputs.forEach((t) => t.dispose());
        }
        const { value, next, nextState, metricValues, nextModelState } = result;
        disposeReplaced(state, nextState);
        state = nextState;
        // The previous params (and state) stay alive until this step's event replaces them (below): a
        // run that diverges or fails here leaves the consumer the last params it was given.
        const previous = params;
        const previousState = modelState;
        if (nextModelState) modelState = nextModelState;
        params = next;

        const lossValue = (await value.data())[0]!;
        value.dispose();
        const eventMetrics = await readMetrics(metricValues);
        if (!Number.isFinite(lossValue)) throw new TrainingDivergedError(step, lossValue);
        const last = step >= maxSteps || step === total;
        if (validation && (step % evalEvery === 0 || last)) Object.assign(eventMetrics, await readMetrics(evaluate(), 'val_'));
        const event: TrainEvent<P> = { step, epoch, total, loss: lossValue, metrics: eventMetrics, params, state: modelState };
        if (disposable(previous)) disposeReplaced(previous, next);
        if (previousState !== modelState && disposableState(previousState)) treeDispose(previousState);
        handedOut = params;
        handedOutState = modelState;
        onStep?.(event);
        yield event;
        await breathe();
      }
      if (batchesThisEpoch === 0) throw new GradbookError('train(data)', `epoch ${epoch} yielded no batches`);
    }
  } finally {
    // However the run ends (out of steps, the consumer stopped, aborted, diverged, a step threw),
    // the last yielded params are the consumer's; the run frees what it made and never handed out:
    // a step's params that failed before their event, and initial params it made itself.
    const keep = handedOut ?? (ownsInitial ? undefined : initial);
    for (const p of new Set([params, initial])) if (p !== keep && disposable(p)) disposeReplaced(p, keep);
    const keepState = handedOutState ?? (ownsInitialState ? undefined : initialState);
    for (const st of new Set([modelState, initialState])) if (st !== keepState && disposableState(st)) treeDispose(st);
    treeDispose(state);
    workers?.close();
  }
}

/** The loss's value and gradient at `p`. */
type GradientOf<P> = (f: (p: P) => Scalar, p: P) => { value: Scalar; grads: P };

/** An optimizer that computes its own gradient from the loss closure, as `@gradbook/optim`'s `sam`. */
function bringsGradient<P>(optimizer: object): optimizer is { gradient: GradientOf<P> } {
  return typeof (optimizer as { gradient?: unknown }).gradient === 'function';
}

interface StepResult<P> {
  value: Scalar;
  next: P;
  nextState: unknown;
  metricValues: Record<string, Scalar | number>;
  /** The model's state after the step's forward pass (models with running statistics). */
  nextModelState: ModelState | undefined;
}

function treeForEachKeep(s: ModelState): void {
  for (const group of Object.values(s)) for (const t of Object.values(group)) tf.keep(t);
}

