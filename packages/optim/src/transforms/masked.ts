import { GradbookError, tf, tree } from '@gradbook/core';
import type { GradientTransformation, Tensor, TensorTree, Tree, TreePath } from '@gradbook/core';

/** Which leaves a {@link masked} transformation touches: a tree of booleans, or a test of each leaf's path. */
export type Mask = Tree<boolean> | ((path: TreePath, leaf: Tensor) => boolean);

/** State of {@link masked}: the inner transformation's state, over the selected leaves only (as an array). */
export interface MaskedState<S> {
  readonly inner: S;
}

/** A mask that leaves out biases: true for every leaf whose last path key is not `bias`. */
export const notBias: Mask = (path) => path[path.length - 1] !== 'bias';

function flags(where: string, mask: Mask, t: TensorTree): boolean[] {
  const flat = tree.flatten(t);
  if (typeof mask === 'function') return flat.leaves.map((leaf, i) => !!mask(flat.paths[i]!, leaf));
  const m = tree.flatten(mask as Tree<boolean>, (v) => typeof v === 'boolean');
  const byPath = new Map(m.paths.map((p, i) => [tree.formatPath(p), m.leaves[i] as boolean]));
  return flat.paths.map((p) => {
    const f = byPath.get(tree.formatPath(p));
    if (f === undefined) throw new GradbookError(where, `the mask has no entry for ${tree.formatPath(p)}; give a boolean for every parameter, or a function of the path`);
    return f;
  });
}

/**
 * Applies `inner` only to the leaves the mask selects; the other leaves pass through unchanged.
 * Typical use: weight decay everywhere but on biases (`masked(addDecayedWeights(1e-2), notBias)`).
 *
 * @param inner - the transformation to restrict.
 * @param mask - a tree of booleans shaped like the parameters, or `(path, leaf) => boolean`.
 * @returns a transformation whose state is `{ inner }`, the inner state over the selected leaves (an array).
 * @example
 * const opt = chain(scaleByAdam(), masked(addDecayedWeights(0.01), notBias), scaleByLearningRate(1e-3));
 */
export function masked<S>(inner: GradientTransformation<S>, mask: Mask): GradientTransformation<MaskedState<S>> {
  const where = 'masked';
  const pick = (t: TensorTree, f: boolean[]) => tree.flatten(t).leaves.filter((_, i) => f[i]);
  return {
    init(params) {
      return { inner: inner.init(pick(params, flags(where, mask, params))) };
    },
    update(updates, state, params) {
      const f = flags(where, mask, updates);
      const flat = tree.flatten(updates);
      const r = inner.update(pick(updates, f), state.inner, params === undefined ? undefined : pick(params, f));
      const done = r.updates as Tensor[];
      let j = 0;
      const leaves = flat.leaves.map((u, i) => (f[i] ? done[j++]! : tf.clone(u)));
      return { updates: tree.unflatten(flat.structure, leaves) as TensorTree, state: { inner: r.state } };
    },
  };
}
