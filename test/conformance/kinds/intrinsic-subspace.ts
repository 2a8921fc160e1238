/**
 * Conformance adapter for `intrinsic-subspace`: core's `subspaceModel` with the case's `theta0` and
 * its projection as a given `denseProjection`; returns the loss at `θ0 + P·d`, its gradient in `d`
 * (by `valueAndGrad` through the subspace model) and `θ` by parameter name.
 */
import { denseProjection, fromSpec, subspaceModel, tf, tree, valueAndGrad } from '@gradbook/core';
import type { SubspaceParams } from '@gradbook/core';
import { jsonOf, labelsOf, lossOf, tensorsOf } from '../case-tensors.js';

export default async function compute(c: any): Promise<unknown> {
  const loss = lossOf(c.loss);
  const { model, params } = fromSpec(c.model);
  const theta0 = tensorsOf(c.theta0);
  const projection = denseProjection({ matrix: c.projection });
  const x = tf.tensor(c.inputs);
  const y = labelsOf(c.labels);
  const p: SubspaceParams = { subspace: { d: tf.tensor1d(c.d) } };
  const sub = subspaceModel(model, { theta0, projection });
  try {
    return tf.tidy(() => {
      const { value, grads } = valueAndGrad((q: SubspaceParams) => loss(sub.apply(q, x), y))(p);
      return { loss: value.dataSync()[0], gradient: grads.subspace.d.arraySync(), theta: jsonOf(sub.theta(p)) };
    });
  } finally {
    sub.dispose();
    projection.dispose();
    tree.dispose([params, theta0, x, y, p]);
  }
}
