import { GradbookError, tf, tree } from '@gradbook/core';
import type { GradientTransformation, TensorTree } from '@gradbook/core';
import { checkHyper, valueAt, type Hyper } from '../internal/hyper.js';
import { checkTree } from '../internal/check-tree.js';

/** State of {@link addDecayedWeights}: the update count (for a scheduled decay). */
export interface AddDecayedWeightsState {
  readonly count: number;
}

/**
 * Adds `weightDecay · params` to the updates. Before a scaler (`chain(addDecayedWeights(wd), scaleByAdam())`)
 * this is L2 regularisation (`g += wd·p`); after it and before the learning rate it is decoupled
 * weight decay as in AdamW (`p ← p − lr·(u + wd·p)`). Wrap it in {@link masked} to spare biases.
 *
 * @param weightDecay - a number ≥ 0 or a schedule (default `0`, which passes updates through).
 * @returns a transformation that needs `params` in `update`.
 * @example
 * const l2Sgd = chain(addDecayedWeights(1e-4), scaleByLearningRate(0.1));
 * @see Loshchilov & Hutter (2019), Decoupled Weight Decay Regularization.
 */
export function addDecayedWeights(weightDecay: Hyper = 0): GradientTransformation<AddDecayedWeightsState> {
  const where = 'addDecayedWeights';
  checkHyper(where, 'weightDecay', weightDecay, 'nonNegative');
  return {
    init: () => ({ count: 0 }),
    update(updates: TensorTree, state: AddDecayedWeightsState, params?: TensorTree) {
      const wd = valueAt(where, 'weightDecay', weightDecay, state.count, 'nonNegative');
      const next = { count: state.count + 1 };
      // clones share the data buffer: cheap, and the caller may dispose updates and grads separately
      if (wd === 0) return { updates: tree.map(updates, (u) => tf.clone(u)) as TensorTree, state: next };
      if (params === undefined) {
        throw new GradbookError(`${where}.update(params)`, 'weight decay needs the current parameters; pass params as the third argument of update');
      }
      checkTree(where, 'updates', updates, 'params', params);
      const out = tree.zip([updates, params], ([u, p]) => tf.tidy(() => tf.add(u!, tf.mul(p!, wd)))) as TensorTree;
      return { updates: out, state: next };
    },
  };
}
