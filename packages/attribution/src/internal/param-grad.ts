import { tidy } from './tidy.js';
import { perExampleGrads, tf, valueAndGrad } from '@gradbook/core';
import type { Loss, Model, Params, Scalar, Tensor, TensorTree } from '@gradbook/core';

/** The gradient tree of `f` at `params` and `f`'s value (core's `valueAndGrad`). */
export function paramValueAndGrad<P extends TensorTree>(f: (p: P) => Scalar, params: P): { value: Scalar; grads: P } {
  const { value, grads } = valueAndGrad(f)(params);
  return { value, grads: grads as unknown as P };
}

/** The loss of a batch as a function of the parameters. */
export function lossOf(model: Model, loss: Loss, x: Tensor, y: Tensor): (p: Params) => Scalar {
  return (p) => loss(model.apply(p, x), y);
}

/** Row `i` of a batch, keeping the batch dimension. */
export function row(t: Tensor, i: number): Tensor {
  return tf.slice(t, [i, ...new Array<number>(t.rank - 1).fill(0)], [1, ...t.shape.slice(1)]);
}

/** Rows `idx` of a batch. */
export function rows(t: Tensor, idx: readonly number[]): Tensor {
  return tf.gather(t, tf.tensor1d(idx as number[], 'int32'));
}

/**
 * Calls `each(grads)` with the per-example loss gradients of consecutive chunks of at most
 * `batchSize` examples, each leaf with a leading chunk dimension (core's `perExampleGrads`: one
 * backward pass per chunk for dense and conv models). The chunk's tensors are freed after each call.
 */
export function forEachExampleChunk(model: Model, params: Params, loss: Loss, x: Tensor, y: Tensor, batchSize: number, each: (grads: Params) => void): void {
  const n = x.shape[0]!;
  for (let i0 = 0; i0 < n; i0 += batchSize) {
    const size = Math.min(batchSize, n - i0);
    tidy(() => {
      const xs = size === n ? x : tf.slice(x, i0, size);
      const ys = size === n ? y : tf.slice(y, i0, size);
      each(perExampleGrads({ model, params, loss, x: xs, y: ys }));
    });
  }
}
