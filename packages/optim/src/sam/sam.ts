import { tree } from '@gradbook/core';
import type { GradientTransformation, Scalar, TensorTree } from '@gradbook/core';
import { applyUpdates } from '../apply-updates.js';
import { sgd } from '../aliases/sgd.js';
import { samGradient, type SamOptions } from './sam-gradient.js';
import { checkValue } from '../internal/hyper.js';

/** A SAM optimizer: the base transformation, plus the steps that need the loss closure. */
export interface SamOptimizer<S> extends GradientTransformation<S> {
  /** The sharpness-aware gradient at `params` (see {@link samGradient}). */
  gradient<T extends TensorTree>(loss: (params: T) => Scalar, params: T): { value: Scalar; grads: T };
  /**
   * One full SAM step: gradient at the neighbour, base update, new parameters. Returns new tensors;
   * the inputs are not disposed. `value` is the loss before the step.
   */
  step<T extends TensorTree>(loss: (params: T) => Scalar, params: T, state: S): { params: T; state: S; value: Scalar };
}

/**
 * Sharpness-aware minimisation as a wrapper of any base optimizer: the base optimizer is applied to
 * the gradient at `w + ρ·g/‖g‖` (or ASAM's adaptive neighbour). Because SAM evaluates the loss
 * twice, it takes the loss closure: call `step(loss, params, state)`, or compute `gradient(loss,
 * params)` yourself and feed it to `update` like any transformation.
 *
 * @param options.base - the optimizer that takes the step (default `sgd({ learningRate: 0.01 })`).
 * @param options.rho - the radius ρ (default `0.05`).
 * @param options.adaptive - ASAM (default `false`).
 * @param options.eta - ASAM's η (default `0.01`).
 * @returns a {@link SamOptimizer}: `init`/`update` of the base, plus `gradient` and `step`.
 * @example
 * const opt = sam({ base: momentum({ learningRate: 0.05 }), rho: 0.05 });
 * let state = opt.init(params);
 * const r = opt.step((p) => loss(model.apply(p, x), y), params, state);
 * params = r.params; state = r.state; // (dispose the old ones)
 * @see Foret et al. (2021); Kwon et al. (2021).
 */
export function sam<S = unknown>({ base = sgd({ learningRate: 0.01 }) as GradientTransformation<any>, rho = 0.05, adaptive = false, eta = 0.01 }: SamOptions & { base?: GradientTransformation<S> } = {}): SamOptimizer<S> {
  checkValue('sam', 'rho', rho, 'positive');
  checkValue('sam', 'eta', eta, 'nonNegative');
  const options = { rho, adaptive, eta };
  return {
    init: (params) => base.init(params),
    update: (updates, state, params) => base.update(updates, state, params),
    gradient: (loss, params) => samGradient(loss, params, options),
    step(loss, params, state) {
      const { value, grads } = samGradient(loss, params, options);
      const { updates, state: next } = base.update(grads, state, params);
      const newParams = applyUpdates(params, updates);
      tree.dispose(grads, updates);
      return { params: newParams, state: next, value };
    },
  };
}
