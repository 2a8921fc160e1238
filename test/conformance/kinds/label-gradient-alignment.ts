/**
 * Conformance adapter for `label-gradient-alignment`: the kernel of the summed logits,
 * `empiricalNtk(…, { output: 'sum' })`, and `labelGradientAlignment` of it against the labels, from
 * @gradbook/attribution.
 */
import { fromSpec, tf, tree } from '@gradbook/core';
import { empiricalNtk, labelGradientAlignment } from '@gradbook/attribution';

export default async function compute(c: any): Promise<unknown> {
  const { model, params } = fromSpec(c.model);
  const x = tf.tensor(c.inputs);
  if (model.outputShape[0] !== c.numClasses) throw new Error(`the model has ${model.outputShape[0]} outputs, the case says numClasses ${c.numClasses}`);
  try {
    const ntk = empiricalNtk({ model, params, x, output: 'sum' });
    const out = { lga: labelGradientAlignment(ntk, c.labels), ntk: ntk.arraySync() };
    ntk.dispose();
    return out;
  } finally {
    tree.dispose(params, x);
  }
}
