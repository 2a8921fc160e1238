import { tidy } from '../internal/tidy.js';
import { GradbookError, tf, tree } from '@gradbook/core';
import type { TensorTree } from '@gradbook/core';

/**
 * A symmetric linear operator on a parameter tree, such as a Hessian-vector product: it receives a
 * tree shaped like the parameters and returns `H·v` shaped the same. The returned tensors are the
 * caller's (the spectrum functions dispose them).
 */
export type TreeOperator = (v: TensorTree) => TensorTree;

/** A tree operator seen as a map on flat float64 vectors. */
export interface FlatOperator {
  /** The dimension (the parameter count). */
  readonly n: number;
  /** `H·v` for a flat vector `v` of length `n`. */
  apply(v: Float64Array): Float64Array;
}

/**
 * Wraps a tree operator as a map on flat vectors in the flatten order of `like` (keys sorted).
 * Each call builds float32 tensors for `v`, runs the operator inside `tf.tidy`, and reads the result.
 */
export function flatOperator(where: string, op: TreeOperator, like: TensorTree): FlatOperator {
  if (typeof op !== 'function') {
    throw new GradbookError(`${where}(hvp)`, 'expected a function v => H·v on parameter trees, e.g. lossHvp({ model, params, loss, x, y })');
  }
  const { leaves, structure } = tree.flatten(like);
  const shapes = leaves.map((l) => l.shape);
  const sizes = leaves.map((l) => l.size);
  const n = sizes.reduce((a, b) => a + b, 0);
  if (n === 0) throw new GradbookError(`${where}(params)`, 'the parameter tree has no entries');
  return {
    n,
    apply(v: Float64Array): Float64Array {
      const out = new Float64Array(n);
      tidy(() => {
        let o = 0;
        const parts = shapes.map((s, i) => {
          const t = tf.tensor(Float32Array.from(v.subarray(o, o + sizes[i]!)), s, 'float32');
          o += sizes[i]!;
          return t;
        });
        const hv = op(tree.unflatten(structure, parts) as TensorTree);
        const got = tree.flatten(hv).leaves;
        if (got.length !== parts.length) {
          throw new GradbookError(`${where}(hvp)`, `the operator returned a tree with ${got.length} leaves, expected ${parts.length} (shaped like the parameters)`);
        }
        let p = 0;
        got.forEach((t, i) => {
          if (t.size !== sizes[i]) {
            throw new GradbookError(`${where}(hvp)`, `the operator returned a leaf of ${t.size} entries where the parameters have ${sizes[i]}`);
          }
          out.set(t.dataSync(), p);
          p += t.size;
        });
      });
      return out;
    },
  };
}
