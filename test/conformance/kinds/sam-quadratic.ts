/**
 * Conformance adapter for `sam-quadratic`: SAM with plain SGD on `½ pᵀAp − bᵀp`, the gradient taken
 * by autodiff of the loss closure; returns the parameters after each step.
 */
import { tf, tree } from '@gradbook/core';
import type { Scalar, Tensor } from '@gradbook/core';
import { sam, sgd } from '@gradbook/optim';

export default async function compute(c: any): Promise<number[][]> {
  const A = tf.tensor2d(c.A as number[][]);
  const b = tf.tensor1d(c.b as number[]);
  const n = (c.b as number[]).length;
  const loss = (p: { w: Tensor }): Scalar =>
    tf.tidy(() => {
      const col = p.w.reshape([n, 1]);
      const quad = tf.matMul(tf.matMul(col, A, true, false), col).reshape([]);
      return tf.sub(tf.mul(0.5, quad), tf.sum(tf.mul(b, p.w))) as Scalar;
    });
  const opt = sam({ base: sgd({ learningRate: c.learningRate }), rho: c.rho });
  let params = { w: tf.tensor1d(c.params as number[]) };
  let state = opt.init(params);
  const out: number[][] = [];
  for (let i = 0; i < (c.steps as number); i++) {
    const r = opt.step(loss, params, state);
    tree.dispose(r.value, params);
    tree.disposeReplaced(state, r.state);
    params = r.params;
    state = r.state;
    out.push(Array.from(await params.w.data()));
  }
  tree.dispose(params, state, A, b);
  return out;
}
