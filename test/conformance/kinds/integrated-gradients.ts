/**
 * Conformance adapter for `integrated-gradients`: `integratedGradients` from @gradbook/attribution
 * with the case's baseline, steps and rule; returns `{ attributions, convergenceDelta }`.
 */
import { fromSpec, tf, tree } from '@gradbook/core';
import { integratedGradients } from '@gradbook/attribution';

export default async function compute(c: any): Promise<unknown> {
  const { model, params } = fromSpec(c.model);
  const x = tf.tensor(c.input);
  const baseline = tf.tensor(c.baseline);
  try {
    const r = integratedGradients({ model, params, x, baseline, target: c.target, steps: c.steps, rule: c.rule });
    const out = { attributions: r.attributions.arraySync(), convergenceDelta: r.convergenceDelta.arraySync() };
    tree.dispose(r);
    return out;
  } finally {
    tree.dispose(params, x, baseline);
  }
}
