import { tf, tree } from '@gradbook/core';
import type { TensorTree } from '@gradbook/core';
import { checkTree } from './internal/check-tree.js';

/**
 * Adds updates to parameters, leaf by leaf: `params + updates`. Descent transformations carry the
 * minus sign in their updates, so this is the whole step. The result keeps each parameter's dtype.
 *
 * Neither input is disposed; free the old parameters and updates when you no longer need them.
 *
 * @param params - the parameter tree.
 * @param updates - a tree of the same structure and shapes (from a transformation's `update`).
 * @returns the new parameter tree.
 * @example
 * const { updates, state: next } = opt.update(grads, state, params);
 * const newParams = applyUpdates(params, updates);
 */
export function applyUpdates<T extends TensorTree>(params: T, updates: TensorTree): T {
  checkTree('applyUpdates', 'updates', updates, 'params', params);
  return tree.zip([params, updates], ([p, u]) => tf.tidy(() => (u!.dtype === p!.dtype ? tf.add(p!, u!) : tf.add(p!, tf.cast(u!, p!.dtype))))) as T;
}
