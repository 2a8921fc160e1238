/**
 * Conformance adapter for `smoothgrad`: `smoothGrad` from @gradbook/attribution with the case's
 * explicit noise samples; returns the mean gradient shaped like the input.
 */
import { fromSpec, tf, tree } from '@gradbook/core';
import { smoothGrad } from '@gradbook/attribution';

export default async function compute(c: any): Promise<unknown> {
  const { model, params } = fromSpec(c.model);
  const x = tf.tensor(c.input);
  const noise = tf.tensor(c.noise);
  try {
    const r = smoothGrad({ model, params, x, target: c.target, noise });
    const out = r.arraySync();
    r.dispose();
    return out;
  } finally {
    tree.dispose(params, x, noise);
  }
}
