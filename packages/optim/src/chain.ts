import { GradbookError } from '@gradbook/core';
import { tidy } from './internal/tidy.js';
import { checkTree } from './internal/check-tree.js';
import type { GradientTransformation, TensorTree } from '@gradbook/core';

/** The state type of a gradient transformation. */
export type StateOf<T> = T extends GradientTransformation<infer S> ? S : never;

/** The state of a chain: the states of its transformations, in order. */
export type ChainState<T extends readonly GradientTransformation<any>[]> = { [K in keyof T]: StateOf<T[K]> };

/**
 * Composes gradient transformations: each one's updates are the next one's input, as in optax's
 * `chain`. The chain's state is the array of the inner states, in order.
 *
 * Intermediate updates are freed inside one `tf.tidy`; the returned updates and state are new
 * tensors (or carried-over leaves of the old state), and the inputs are never disposed.
 *
 * @param transforms - the transformations, applied left to right.
 * @returns one gradient transformation.
 * @example
 * const opt = chain(clipByGlobalNorm(1), scaleByAdam(), scaleByLearningRate(1e-3));
 * let state = opt.init(params);
 * const { updates, state: next } = opt.update(grads, state, params);
 */
export function chain<T extends readonly GradientTransformation<any>[]>(...transforms: T): GradientTransformation<ChainState<T>> {
  return {
    init(params: TensorTree) {
      return transforms.map((t) => t.init(params)) as unknown as ChainState<T>;
    },
    update(updates: TensorTree, state: ChainState<T>, params?: TensorTree) {
      const states = state as unknown as unknown[];
      if (!Array.isArray(states) || states.length !== transforms.length) {
        throw new GradbookError(
          'chain.update(state)',
          `expected the state of a chain of ${transforms.length} transformations (an array from init), received ${Array.isArray(states) ? `an array of ${states.length}` : typeof states}; pass the state this chain's init or update returned`,
        );
      }
      if (params !== undefined) checkTree('chain.update', 'updates', updates, 'params', params);
      return tidy(() => {
        let u = updates;
        const next: unknown[] = [];
        transforms.forEach((t, i) => {
          const r = t.update(u, states[i], params);
          u = r.updates;
          next.push(r.state);
        });
        return { updates: u, state: next as unknown as ChainState<T> };
      });
    },
  };
}
