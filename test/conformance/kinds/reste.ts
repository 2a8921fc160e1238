/**
 * Conformance adapter for `reste`: core's `ops.reste` on the case's `x` (forward) and the gradient of
 * `Σ upstream · reste(x)` by core's `grad` (backward).
 */
import { grad, ops, tf, tree, type Tensor } from '@gradbook/core';

export default async function compute(c: any): Promise<unknown> {
  const options = { o: c.o, threshold: c.threshold, interval: c.interval };
  const x = tf.tensor(c.x);
  const g = tf.tensor(c.upstream);
  try {
    const y = ops.reste(x, options);
    const dx = grad((v: Tensor) => tf.sum(tf.mul(ops.reste(v, options), g)))(x) as Tensor;
    const out = { forward: y.arraySync(), gradient: dx.arraySync() };
    tree.dispose(y, dx);
    return out;
  } finally {
    tree.dispose(x, g);
  }
}
