/**
 * Conformance adapter for `hessian-spectrum`: the loss Hessian's largest eigenvalue and trace, by
 * `topEigenvalues(…, { method: 'exact' })` and `exactTrace` from @gradbook/attribution (one exact HVP
 * per parameter: the case models are small).
 */
import { crossEntropy, fromSpec, tf, tree } from '@gradbook/core';
import { exactTrace, lossHvp, topEigenvalues } from '@gradbook/attribution';

export default async function compute(c: any): Promise<unknown> {
  if (c.loss !== 'cross-entropy-mean') throw new Error(`unsupported loss ${c.loss}`);
  const { model, params } = fromSpec(c.model);
  const x = tf.tensor(c.inputs);
  const y = tf.tensor1d(c.labels, 'int32');
  try {
    const hvp = lossHvp({ model, params, loss: crossEntropy, x, y });
    return { topEigenvalue: topEigenvalues(hvp, params, { method: 'exact' }).eigenvalues[0], trace: exactTrace(hvp, params) };
  } finally {
    tree.dispose(params, x, y);
  }
}
