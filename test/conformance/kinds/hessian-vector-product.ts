/**
 * Conformance adapter for `hessian-vector-product`: `H·v` of the case's loss at the model's
 * parameters, by core's `hvp` (double backward); returned by parameter name.
 */
import { fromSpec, hvp, tf, tree } from '@gradbook/core';
import { jsonOf, labelsOf, lossOf, tensorsOf } from '../case-tensors.js';

export default async function compute(c: any): Promise<unknown> {
  const loss = lossOf(c.loss);
  const { model, params } = fromSpec(c.model);
  const x = tf.tensor(c.inputs);
  const y = labelsOf(c.labels);
  const v = tensorsOf(c.vector);
  try {
    const hv = hvp((p: typeof params) => loss(model.apply(p, x), y), params, v);
    const out = jsonOf(hv);
    tree.dispose(hv);
    return out;
  } finally {
    tree.dispose(params, x, y, v);
  }
}
