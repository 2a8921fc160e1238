/**
 * Conformance adapter for `loss-gradient`: the loss of core's `fromSpec` model on the case's batch and
 * its gradient by parameter name, from core's `valueAndGrad`.
 */
import { fromSpec, tf, tree, valueAndGrad } from '@gradbook/core';
import { jsonOf, labelsOf, lossOf } from '../case-tensors.js';

export default async function compute(c: any): Promise<unknown> {
  const loss = lossOf(c.loss);
  const { model, params } = fromSpec(c.model);
  const x = tf.tensor(c.inputs);
  const y = labelsOf(c.labels);
  try {
    const { value, grads } = valueAndGrad((p: typeof params) => loss(model.apply(p, x), y))(params);
    const out = { loss: (await value.data())[0]!, gradient: jsonOf(grads) };
    tree.dispose(value, grads);
    return out;
  } finally {
    tree.dispose(params, x, y);
  }
}
