/** Conformance adapter for `model-forward`: core's `fromSpec` model applied to the case's input; returns the logits. */
import { fromSpec, tf, tree } from '@gradbook/core';

export default async function compute(c: any): Promise<unknown> {
  const { model, params } = fromSpec(c.model);
  const x = tf.tensor(c.input);
  try {
    const logits = model.apply(params, x);
    const out = await logits.array();
    logits.dispose();
    return out;
  } finally {
    tree.dispose(params, x);
  }
}
