import type { TensorTree } from './tree/types.js';

/**
 * A gradient transformation, as in optax: a pair of pure functions. `init` makes the state for a
 * parameter tree; `update` turns gradients (or the updates of an earlier transformation) into
 * updates, returning the new state. Updates are *added* to the parameters (`applyUpdates`), so a
 * descent step carries its minus sign in the updates.
 *
 * Ownership: `update` returns new tensors and never disposes its inputs. A state leaf that is
 * carried over unchanged may be the same tensor object as in the old state; callers free the old
 * state with `disposeReplaced(oldState, newState)`, which spares such leaves.
 */
export interface GradientTransformation<S = unknown> {
  /** Makes the initial state for `params` (zeros, counters at 0). */
  init(params: TensorTree): S;
  /**
   * @param updates - the gradients, or the output of the previous transformation in a chain.
   * @param state - the state from `init` or the previous `update`.
   * @param params - the current parameters, for transformations that need them (weight decay).
   */
  update(updates: TensorTree, state: S, params?: TensorTree): { updates: TensorTree; state: S };
}
