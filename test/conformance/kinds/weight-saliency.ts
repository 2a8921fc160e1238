/**
 * Conformance adapter for `weight-saliency`: `weightSaliency` on the forget examples and
 * `saliencyMask` with the case's ratio, from @gradbook/attribution; returns `{ saliency, mask }`.
 */
import { crossEntropy, fromSpec, tf, tree } from '@gradbook/core';
import { saliencyMask, weightSaliency } from '@gradbook/attribution';

export default async function compute(c: any): Promise<unknown> {
  if (c.loss !== 'cross-entropy-mean') throw new Error(`unsupported loss ${c.loss}`);
  const { model, params } = fromSpec(c.model);
  const x = tf.tensor(c.inputs);
  const y = tf.tensor1d(c.labels, 'int32');
  const idx = tf.tensor1d(c.forget, 'int32');
  const fx = tf.gather(x, idx);
  const fy = tf.gather(y, idx);
  try {
    const saliency = weightSaliency({ model, params, loss: crossEntropy, x: fx, y: fy });
    const mask = saliencyMask(saliency, c.ratio);
    const out = { saliency: json(saliency), mask: json(mask) };
    tree.dispose(saliency, mask);
    return out;
  } finally {
    tree.dispose(params, x, y, idx, fx, fy);
  }
}

/** A tree of tensors as nested arrays. */
function json(t: unknown): unknown {
  if (t instanceof tf.Tensor) return t.arraySync();
  return Object.fromEntries(Object.entries(t as Record<string, unknown>).map(([k, v]) => [k, json(v)]));
}
