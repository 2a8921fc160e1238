/**
 * Conformance adapter for `ps-kd`: α from core's `psKd` schedule (the case's epoch counts from 1,
 * `train`'s from 0), then core's `psKdLoss` of the case's model against the case's previous
 * probabilities; the loss and its gradient by parameter name, by `valueAndGrad`.
 */
import { fromSpec, psKd, psKdLoss, tf, tree, valueAndGrad } from '@gradbook/core';
import { jsonOf, labelsOf } from '../case-tensors.js';

export default async function compute(c: any): Promise<unknown> {
  const alpha = psKd({ alphaT: c.alphaT, epochs: c.epochs }).alphaAt(c.epoch - 1);
  const { model, params } = fromSpec(c.model);
  const x = tf.tensor(c.inputs);
  const y = labelsOf(c.labels);
  const prev = tf.tensor(c.prevProbs);
  try {
    const { value, grads } = valueAndGrad((p: typeof params) => psKdLoss(model.apply(p, x), y, prev, alpha))(params);
    const out = { loss: (await value.data())[0]!, gradient: jsonOf(grads) };
    tree.dispose(value, grads);
    return out;
  } finally {
    tree.dispose(params, x, y, prev);
  }
}
