/**
 * Conformance adapter for `z-loss`: core's `zLoss({ a, b })` of the case's model on its batch, the
 * loss's gradient by `valueAndGrad` and `H·vector` by `hvp`, by parameter name.
 */
import { fromSpec, hvp, tf, tree, valueAndGrad, zLoss } from '@gradbook/core';
import { jsonOf, labelsOf, tensorsOf } from '../case-tensors.js';

export default async function compute(c: any): Promise<unknown> {
  const loss = zLoss({ a: c.a, b: c.b });
  const { model, params } = fromSpec(c.model);
  const x = tf.tensor(c.inputs);
  const y = labelsOf(c.labels);
  const v = tensorsOf(c.vector);
  try {
    const f = (p: typeof params) => loss(model.apply(p, x), y);
    const { value, grads } = valueAndGrad(f)(params);
    const hv = hvp(f, params, v);
    const out = { loss: (await value.data())[0]!, gradient: jsonOf(grads), hvp: jsonOf(hv) };
    tree.dispose(value, grads, hv);
    return out;
  } finally {
    tree.dispose(params, x, y, v);
  }
}
