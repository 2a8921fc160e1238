/**
 * Conformance adapter for `gradsign`: `gradSign` from @gradbook/attribution (dense and conv2d kernels
 * only, `sign(0) = 0`) with the case's loss; checks that the model has the case's `parameterCount`
 * kernel entries.
 */
import { fromSpec, tf, tree } from '@gradbook/core';
import { gradSign } from '@gradbook/attribution';
import { labelsOf, lossOf } from '../case-tensors.js';

export default async function compute(c: any): Promise<unknown> {
  const loss = lossOf(c.loss);
  const { model, params } = fromSpec(c.model);
  const x = tf.tensor(c.inputs);
  const y = labelsOf(c.labels);
  try {
    const kernels = model.layers.filter((l) => l.type === 'dense' || l.type === 'conv2d').reduce((s, l) => s + params[l.name]!['kernel']!.size, 0);
    if (kernels !== c.parameterCount) throw new Error(`the model's dense and conv2d kernels have ${kernels} entries, the case says parameterCount ${c.parameterCount}`);
    return { gradSign: gradSign({ model, params, loss, x, y }) };
  } finally {
    tree.dispose(params, x, y);
  }
}
