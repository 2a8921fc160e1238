import { tf, tree } from '@gradbook/core';
import type { Tensor, TensorTree } from '@gradbook/core';

/**
 * Walks trees of one structure (checked beforehand) leaf by leaf; `fn` returns `k` tensors per leaf,
 * computed inside a `tf.tidy`, and the result is `k` trees of the first tree's structure. Returning
 * the same tensor in two outputs is not allowed (callers clone), so every output leaf has one owner.
 */
export function leafwise(trees: readonly TensorTree[], k: number, fn: (leaves: Tensor[]) => Tensor[]): TensorTree[] {
  const flats = trees.map((t) => tree.flatten(t));
  const n = flats[0]!.leaves.length;
  const outs: Tensor[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) {
    const r = tf.tidy(() => fn(flats.map((f) => f.leaves[i]!)));
    r.forEach((t, j) => outs[j]!.push(t));
  }
  return outs.map((o) => tree.unflatten(flats[0]!.structure, o) as TensorTree);
}
