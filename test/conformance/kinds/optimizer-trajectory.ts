/**
 * Conformance adapter for `optimizer-trajectory`: runs an optimizer from @gradbook/optim over the
 * given per-step gradients and returns the parameters after each step.
 */
import { tf, tree } from '@gradbook/core';
import type { GradientTransformation, TensorTree } from '@gradbook/core';
import { adagrad, adam, adamw, applyUpdates, diffGrad, lion, momentum, nesterov, rmsprop, sgd } from '@gradbook/optim';

const OPTIMIZERS: Record<string, (o: Record<string, any>) => GradientTransformation<any>> = {
  sgd: (o) => sgd(o),
  momentum: (o) => momentum(o),
  nesterov: (o) => nesterov(o),
  adam: (o) => adam(o),
  adamw: (o) => adamw({ weightDecay: 0, ...o }),
  rmsprop: (o) => rmsprop(o),
  adagrad: (o) => adagrad(o),
  lion: (o) => lion(o),
  diffgrad: (o) => diffGrad(o),
};

/** The case's option names (PyTorch-like) to the package's. */
const RENAME: Record<string, string> = {
  learningRate: 'learningRate',
  weightDecay: 'weightDecay',
  momentum: 'momentum',
  rho: 'rho',
  beta1: 'b1',
  beta2: 'b2',
  epsilon: 'eps',
  nesterov: 'nesterov',
};

export default async function compute(c: any): Promise<number[][]> {
  const make = OPTIMIZERS[String(c.optimizer)];
  if (!make) throw new Error(`unknown optimizer '${c.optimizer}'`);
  const options: Record<string, any> = {};
  for (const [k, v] of Object.entries((c.options ?? {}) as Record<string, unknown>)) {
    const name = RENAME[k];
    if (!name) throw new Error(`option '${k}' of ${c.optimizer} is not supported`);
    options[name] = v;
  }
  const opt = make(options);
  let params: TensorTree = { p: tf.tensor1d(c.params as number[]) };
  let state = opt.init(params);
  const out: number[][] = [];
  for (const g of c.grads as number[][]) {
    const grads = { p: tf.tensor1d(g) };
    const { updates, state: next } = opt.update(grads, state, params);
    const newParams: TensorTree = applyUpdates(params, updates);
    tree.dispose(grads, updates, params);
    tree.disposeReplaced(state, next);
    state = next;
    params = newParams;
    out.push(Array.from(await (params as { p: tf.Tensor }).p.data()));
  }
  tree.dispose(params, state);
  return out;
}
