/**
 * Conformance adapter for `multi-sample-dropout`: core's `multiSampleDropout` with the case's masks
 * and a dense head `h·kernel + bias`; the loss and its gradient with respect to the head's kernel
 * and bias and to the features, by `valueAndGrad`.
 */
import { multiSampleDropout, ops, tf, tree, valueAndGrad, type Tensor } from '@gradbook/core';
import { jsonOf, labelsOf } from '../case-tensors.js';

export default async function compute(c: any): Promise<unknown> {
  const inputs = { kernel: tf.tensor(c.head.kernel), bias: tf.tensor(c.head.bias), features: tf.tensor(c.features) };
  const masks = tf.tensor(c.masks);
  const y = labelsOf(c.labels);
  try {
    const f = (p: Record<string, Tensor>) =>
      multiSampleDropout((h) => tf.add(ops.matMul(h, p.kernel!), p.bias!), p.features!, y, { masks, rate: c.rate });
    const { value, grads } = valueAndGrad(f)(inputs);
    const out = { loss: (await value.data())[0]!, gradient: jsonOf(grads) };
    tree.dispose(value, grads);
    return out;
  } finally {
    tree.dispose(inputs, masks, y);
  }
}
