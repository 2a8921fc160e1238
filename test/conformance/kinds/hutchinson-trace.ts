/**
 * Conformance adapter for `hutchinson-trace`: `hutchinsonTrace` from @gradbook/attribution with the
 * case's ±1 probes (by parameter name), and `exactTrace` (one HVP per parameter: the case models are
 * small), both on `lossHvp` with core's loss.
 */
import { fromSpec, tf, tree } from '@gradbook/core';
import { exactTrace, hutchinsonTrace, lossHvp } from '@gradbook/attribution';
import { labelsOf, lossOf, tensorsOf } from '../case-tensors.js';

export default async function compute(c: any): Promise<unknown> {
  const loss = lossOf(c.loss);
  const { model, params } = fromSpec(c.model);
  const x = tf.tensor(c.inputs);
  const y = labelsOf(c.labels);
  const probes = (c.probes as unknown[]).map(tensorsOf);
  try {
    const hvp = lossHvp({ model, params, loss, x, y });
    return { estimate: hutchinsonTrace(hvp, params, { probes }).trace, trace: exactTrace(hvp, params) };
  } finally {
    tree.dispose(params, x, y, probes);
  }
}
