import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { GradbookError } from '../errors.js';
import type { Loss, Model, ModelState, Params } from '../model/types.js';
import { valueAndGrad } from '../autodiff/value-and-grad.js';
import { add as treeAdd, dispose as treeDispose } from '../tree/arithmetic.js';
import { disposeReplaced } from '../tree/dispose-replaced.js';
import { batchesPerEpoch, epochBatches, type Batch } from './data-source.js';
import { TrainingAbortedError, TrainingDivergedError } from './errors.js';
import { GradientWorkers } from '../parallel/gradient-workers.js';
import { wasmPathsInUse } from '../backend.js';
import { lossConfigOf } from '../losses/config.js';
import { checkClassLabelsAsync } from '../losses/class-labels.js';
import { evaluationLoss, isBatchLoss, lossForBatch } from './batch-loss.js';

import type { TrainEvent, TrainOptions } from './train-options.js';
import { bringsGradient, validate, type GradientOf } from './validate-options.js';
import { breathe, readMetrics } from './step-helpers.js';

export type { Metric, TrainEvent, TrainOptions } from './train-options.js';

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

