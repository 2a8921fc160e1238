/**
 * Conformance adapter for `fisher-diagonal`: `fisherDiagonal` from @gradbook/attribution with core's
 * `crossEntropy`; returns the diagonal by parameter name.
 */
import { crossEntropy, fromSpec, tf, tree } from '@gradbook/core';
import { fisherDiagonal } from '@gradbook/attribution';

export default async function compute(c: any): Promise<unknown> {
  if (c.loss !== 'cross-entropy-mean') throw new Error(`unsupported loss ${c.loss}`);
  const { model, params } = fromSpec(c.model);
  const x = tf.tensor(c.inputs);
  const y = tf.tensor1d(c.labels, 'int32');
  try {
    const f = fisherDiagonal({ model, params, loss: crossEntropy, x, y });
    const out = json(f);
    tree.dispose(f);
    return out;
  } finally {
    tree.dispose(params, x, y);
  }
}

/** A tree of tensors as nested arrays. */
function json(t: unknown): unknown {
  if (t instanceof tf.Tensor) return t.arraySync();
  return Object.fromEntries(Object.entries(t as Record<string, unknown>).map(([k, v]) => [k, json(v)]));
}
