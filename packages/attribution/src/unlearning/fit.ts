import { GradbookError, tf, tree } from '@gradbook/core';
import type { GradientTransformation, Loss, Model, Params, Scalar, Tensor } from '@gradbook/core';
import { sgd } from '@gradbook/optim';
import { checkInput, checkInteger } from '../internal/checks.js';
import { paramValueAndGrad } from '../internal/param-grad.js';
import { rng } from '../internal/rng.js';
import { tidy } from '../internal/tidy.js';

/** A labelled set: inputs `[n, ...inputShape]` and integer labels `[n]`. */
export interface LabelledData {
  x: Tensor;
  y: Tensor;
}

/** The training options shared by the unlearning procedures. */
export interface UnlearnOptions {
  /** The model. */
  model: Model;
  /** The trained parameters (left as they are; the procedures return new ones). */
  params: Params;
  /** The loss, e.g. core's `crossEntropy`. */
  loss: Loss;
  /** Optimisation steps. Default 100. */
  steps?: number;
  /** Examples drawn (with replacement) from each set per step. Default 32. */
  batchSize?: number;
  /** The optimizer. Default `sgd({ learningRate: 0.05 })` from `@gradbook/optim`. */
  optimizer?: GradientTransformation<any>;
  /** Seed of the minibatch draws (and random labels). Default 0. */
  seed?: number;
}

/** Checks a labelled set against the model. */
export function checkData(where: string, name: string, model: Model, d: LabelledData | undefined): LabelledData {
  if (!d || !(d.x instanceof tf.Tensor) || !(d.y instanceof tf.Tensor)) {
    throw new GradbookError(`${where}(${name})`, `expected ${name} as { x, y } tensors (inputs and integer labels)`);
  }
  checkInput(where, model, d.x, `${name}.x`);
  if (d.y.shape[0] !== d.x.shape[0]) {
    throw new GradbookError(`${where}(${name})`, `${name}.x has ${d.x.shape[0]} examples but ${name}.y has ${d.y.shape[0]}`);
  }
  return d;
}

/** Draws `size` example indices in [0, n) with replacement (all of them, in order, when n ≤ size). */
export function drawIndices(n: number, size: number, next: () => number): number[] {
  if (n <= size) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: size }, () => Math.floor(next() * n));
}

/**
 * Internal training loop: `steps` optimizer steps on `objective(params, step)`, with the gradient
 * multiplied by `mask` when given. Returns new parameters; frees everything else it made.
 */
export function fit(options: {
  where: string;
  params: Params;
  objective: (p: Params, step: number) => Scalar;
  steps: number;
  optimizer?: GradientTransformation<any>;
  mask?: Params;
}): Params {
  const { where, objective, steps, mask } = options;
  checkInteger(where, 'steps', steps, 0);
  const optimizer = options.optimizer ?? sgd({ learningRate: 0.05 });
  let params = tree.clone(options.params);
  let state = optimizer.init(params);
  for (let s = 0; s < steps; s++) {
    const { next, nextState } = tidy(() => {
      const { grads } = paramValueAndGrad((p: Params) => objective(p, s), params);
      const g = mask ? (tree.mul(grads, mask) as Params) : grads;
      const { updates, state: st } = optimizer.update(g, state, params);
      return { next: tree.add(params, updates) as Params, nextState: st };
    });
    tree.dispose(params);
    tree.disposeReplaced(state, nextState);
    params = next;
    state = nextState;
  }
  tree.dispose(state);
  return params;
}

/** The loss on a random minibatch of a set, for step `step`. */
export function minibatchLoss(model: Model, loss: Loss, data: LabelledData, p: Params, idx: number[]): Scalar {
  const i = tf.tensor1d(idx, 'int32');
  return loss(model.apply(p, tf.gather(data.x, i)), tf.gather(data.y, i));
}

/** Resolved common options. */
export function common(where: string, o: UnlearnOptions): Required<Omit<UnlearnOptions, 'optimizer'>> & { optimizer?: GradientTransformation<any>; next: () => number } {
  const { steps = 100, batchSize = 32, seed = 0 } = o;
  if (!o.model || typeof o.model.apply !== 'function') throw new GradbookError(`${where}(model)`, 'expected a model with apply(params, x)');
  if (typeof o.loss !== 'function') throw new GradbookError(`${where}(loss)`, 'expected a loss (output, target) => scalar, e.g. crossEntropy');
  checkInteger(where, 'steps', steps, 0);
  checkInteger(where, 'batchSize', batchSize);
  return { model: o.model, params: o.params, loss: o.loss, steps, batchSize, seed, next: rng(seed), ...(o.optimizer ? { optimizer: o.optimizer } : {}) };
}
