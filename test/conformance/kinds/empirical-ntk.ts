/**
 * Conformance adapter for `empirical-ntk`: `empiricalNtk` from @gradbook/attribution for the case's
 * output index; returns the `[n, n]` kernel.
 */
import { fromSpec, tf, tree } from '@gradbook/core';
import { empiricalNtk } from '@gradbook/attribution';

export default async function compute(c: any): Promise<unknown> {
  const { model, params } = fromSpec(c.model);
  const x = tf.tensor(c.inputs);
  try {
    const k = empiricalNtk({ model, params, x, output: c.output });
    const out = k.arraySync();
    k.dispose();
    return out;
  } finally {
    tree.dispose(params, x);
  }
}
