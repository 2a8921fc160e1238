/**
 * Conformance adapter for `selective-synaptic-dampening`: `selectiveSynapticDampening` from
 * @gradbook/attribution (Fisher diagonals of all examples and of the forget examples, then the
 * dampening rule with the case's alpha and lambda); returns the new parameters by name.
 */
import { crossEntropy, fromSpec, tf, tree } from '@gradbook/core';
import { selectiveSynapticDampening } from '@gradbook/attribution';

export default async function compute(c: any): Promise<unknown> {
  if (c.loss !== 'cross-entropy-mean') throw new Error(`unsupported loss ${c.loss}`);
  const { model, params } = fromSpec(c.model);
  const x = tf.tensor(c.inputs);
  const y = tf.tensor1d(c.labels, 'int32');
  const idx = tf.tensor1d(c.forget, 'int32');
  const forget = { x: tf.gather(x, idx), y: tf.gather(y, idx) };
  try {
    const out = selectiveSynapticDampening({ model, params, loss: crossEntropy, x, y, forget, alpha: c.alpha, lambda: c.lambda });
    const result = json(out);
    tree.dispose(out);
    return result;
  } finally {
    tree.dispose(params, x, y, idx, forget);
  }
}

/** A tree of tensors as nested arrays. */
function json(t: unknown): unknown {
  if (t instanceof tf.Tensor) return t.arraySync();
  return Object.fromEntries(Object.entries(t as Record<string, unknown>).map(([k, v]) => [k, json(v)]));
}
