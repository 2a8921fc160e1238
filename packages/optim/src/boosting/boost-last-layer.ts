import { GradbookError, formatShape, tf, tree, valueAndGrad } from '@gradbook/core';
import type { Scalar, Tensor, Tensor1D, Tensor2D } from '@gradbook/core';
import { checkValue } from '../internal/hyper.js';
import { adam } from '../aliases/adam.js';
import { applyUpdates } from '../apply-updates.js';

/** One block of J hidden neurons and its linear read-out: `act(x·kernel + bias)·outKernel + outBias`. */
export interface BoostBlock {
  readonly kernel: Tensor2D;
  readonly bias: Tensor1D;
  readonly outKernel: Tensor2D;
  readonly outBias: Tensor1D;
}

/** The merged last layer: `act(x·hidden.kernel + hidden.bias)·output.kernel + output.bias`. */
export interface MergedLayer {
  readonly hidden: { kernel: Tensor2D; bias: Tensor1D };
  readonly output: { kernel: Tensor2D; bias: Tensor1D };
}

/** Options of {@link boostLastLayer}. */
export interface BoostOptions {
  /** T, the number of blocks trained one after another (default `10`). */
  blocks?: number;
  /** J, hidden neurons per block (default `4`). */
  units?: number;
  /** The hidden activation (default `'tanh'`). */
  activation?: 'tanh' | 'relu' | 'sigmoid';
  /** The loss whose pseudo-residuals each block fits (default `'mse'`). */
  loss?: 'mse' | 'cross-entropy';
  /** ν, the shrinkage applied to each block (default `0.5`). */
  shrinkage?: number;
  /** Adam steps per block on the full batch (default `300`). */
  steps?: number;
  /** Adam's learning rate (default `0.02`). */
  learningRate?: number;
  /** Seed of the blocks' initial weights (default `0`). */
  seed?: number;
}

/** What {@link boostLastLayer} returns (all tensors are new; dispose with `tree.dispose(result)`). */
export interface BoostResult {
  /** The initial prediction F₀ (mean target, or log class frequencies), `[k]`. */
  readonly init: Tensor1D;
  /** The trained blocks, in order (output weights not yet shrunk). */
  readonly blocks: BoostBlock[];
  /** The blocks merged into one layer of T·J neurons, shrinkage and F₀ folded in. */
  readonly layer: MergedLayer;
  /** The training loss before any block (index 0) and after each block. */
  readonly losses: number[];
}

const ACT = { tanh: tf.tanh, relu: tf.relu, sigmoid: tf.sigmoid } as const;

/** The output of a merged layer (logits for cross-entropy). */
export function applyMergedLayer(layer: MergedLayer, features: Tensor2D, activation: BoostOptions['activation'] = 'tanh'): Tensor2D {
  return tf.tidy(() => tf.add(tf.matMul(ACT[activation](tf.add(tf.matMul(features, layer.hidden.kernel), layer.hidden.bias)), layer.output.kernel), layer.output.bias) as Tensor2D);
}

/**
 * Trains a network's last hidden layer by gradient boosting: T blocks of J neurons are trained one
 * after another, each (with its own linear read-out) fitted by least squares to the pseudo-residuals
 * `−∂L/∂F` of the model so far, and added with shrinkage ν; then the blocks are merged into one
 * layer of T·J neurons whose output equals F₀ + ν·Σ blocks. Works on plain tensors: `features` are
 * the penultimate activations (or raw inputs), `targets` the regression targets or one-hot labels.
 *
 * @param features - `[n, d]`.
 * @param targets - `[n, k]`: real targets for `'mse'`, one-hot rows for `'cross-entropy'`.
 * @param options - see {@link BoostOptions} (T = 10 blocks of J = 4 tanh neurons, ν = 0.5, 300 Adam steps at 0.02).
 * @returns the blocks, the merged layer and the training loss after each block.
 * @example
 * const { layer, losses } = boostLastLayer(h, y, { blocks: 8, units: 4 });
 * const pred = applyMergedLayer(layer, h);
 * @see Emami & Martínez-Muñoz (2023), Sequential Training of Neural Networks with Gradient Boosting; Friedman (2001), Greedy Function Approximation.
 */
export function boostLastLayer(
  features: Tensor2D,
  targets: Tensor2D,
  { blocks = 10, units = 4, activation = 'tanh', loss = 'mse', shrinkage = 0.5, steps = 300, learningRate = 0.02, seed = 0 }: BoostOptions = {},
): BoostResult {
  const where = 'boostLastLayer';
  if (features.rank !== 2 || targets.rank !== 2 || features.shape[0] !== targets.shape[0]) {
    throw new GradbookError(where, `features must be [n, d] and targets [n, k] with the same n; received ${formatShape(features.shape)} and ${formatShape(targets.shape)}`);
  }
  for (const [name, v] of [['blocks', blocks], ['units', units], ['steps', steps]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new GradbookError(where, `${name} must be a positive integer, received ${v}`);
  }
  checkValue(where, 'shrinkage', shrinkage, 'positive');
  checkValue(where, 'learningRate', learningRate, 'positive');
  if (!(activation in ACT)) throw new GradbookError(where, `activation must be tanh, relu or sigmoid, received '${String(activation)}'`);
  if (loss !== 'mse' && loss !== 'cross-entropy') throw new GradbookError(where, `loss must be 'mse' or 'cross-entropy', received '${String(loss)}'`);
  const act = ACT[activation];
  const [, d] = features.shape;
  const k = targets.shape[1];

  const lossOf = (F: Tensor2D): number => {
    const l = tf.tidy(() => (loss === 'mse' ? tf.mean(tf.square(tf.sub(F, targets))) : tf.neg(tf.mean(tf.sum(tf.mul(targets, tf.logSoftmax(F)), 1)))));
    const v = l.dataSync()[0]!;
    l.dispose();
    return v;
  };
  const residuals = (F: Tensor2D): Tensor2D => tf.tidy(() => (loss === 'mse' ? tf.sub(targets, F) : tf.sub(targets, tf.softmax(F))) as Tensor2D);
  const blockOut = (b: BoostBlock, x: Tensor2D): Tensor2D => tf.tidy(() => tf.add(tf.matMul(act(tf.add(tf.matMul(x, b.kernel), b.bias)), b.outKernel), b.outBias) as Tensor2D);

  const init = tf.tidy(() => (loss === 'mse' ? tf.mean(targets, 0) : tf.log(tf.add(tf.mean(targets, 0), 1e-7))) as Tensor1D);
  let F = tf.tidy(() => tf.add(tf.zeros([features.shape[0], k]), init) as Tensor2D);
  const losses = [lossOf(F)];
  const trained: BoostBlock[] = [];
  for (let t = 0; t < blocks; t++) {
    const R = residuals(F);
    let p: BoostBlock = {
      kernel: tf.randomNormal([d, units], 0, Math.sqrt(1 / d), 'float32', seed * 10_007 + 2 * t) as Tensor2D,
      bias: tf.zeros([units]) as Tensor1D,
      outKernel: tf.randomNormal([units, k], 0, Math.sqrt(1 / units), 'float32', seed * 10_007 + 2 * t + 1) as Tensor2D,
      outBias: tf.zeros([k]) as Tensor1D,
    };
    const opt = adam({ learningRate });
    let state = opt.init(p as never);
    const fit = (q: BoostBlock): Scalar => tf.mean(tf.square(tf.sub(blockOut(q, features), R))) as Scalar;
    for (let s = 0; s < steps; s++) {
      const { value, grads } = valueAndGrad(fit as never)(p as never);
      const { updates, state: next } = opt.update(grads, state, p as never);
      const np = applyUpdates(p as never, updates) as unknown as BoostBlock;
      tree.dispose(value, grads, updates, p);
      tree.disposeReplaced(state, next);
      state = next;
      p = np;
    }
    tree.dispose(state, R);
    trained.push(p);
    const nextF = tf.tidy(() => tf.add(F, tf.mul(blockOut(p, features), shrinkage)) as Tensor2D);
    F.dispose();
    F = nextF;
    losses.push(lossOf(F));
  }
  F.dispose();
  const layer = tf.tidy(() => ({
    hidden: { kernel: tf.concat(trained.map((b) => b.kernel), 1), bias: tf.concat(trained.map((b) => b.bias)) },
    output: {
      kernel: tf.mul(tf.concat(trained.map((b) => b.outKernel), 0), shrinkage),
      bias: tf.add(init, tf.mul(tf.addN(trained.map((b) => b.outBias as Tensor)), shrinkage)),
    },
  })) as unknown as MergedLayer;
  return { init, blocks: trained, layer, losses };
}
