/**
 * Conformance adapter for `input-gradient`: `inputGradient` from @gradbook/attribution on the case's
 * model (core's `fromSpec`); returns `{ gradient, gradientTimesInput }` as nested arrays.
 */
import { fromSpec, tf, tree } from '@gradbook/core';
import { inputGradient } from '@gradbook/attribution';

export default async function compute(c: any): Promise<unknown> {
  const { model, params } = fromSpec(c.model);
  const x = tf.tensor(c.input);
  try {
    const r = inputGradient({ model, params, x, target: c.target });
    const out = { gradient: r.gradient.arraySync(), gradientTimesInput: r.gradientTimesInput.arraySync() };
    tree.dispose(r);
    return out;
  } finally {
    tree.dispose(params, x);
  }
}
