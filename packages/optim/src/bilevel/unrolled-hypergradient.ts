import { GradbookError, grad, tf, tree } from '@gradbook/core';
import { tidy } from '../internal/tidy.js';
import type { TensorTree } from '@gradbook/core';
import type { BilevelProblem } from './implicit-hypergradient.js';

/** Options of {@link unrolledHypergradient}. */
export interface UnrolledHypergradientOptions<P extends TensorTree, H extends TensorTree> extends BilevelProblem<P, H> {
  /** Where the inner run starts, θ₀ (not modified). */
  init: P;
  /** Inner gradient-descent steps T. */
  steps: number;
  /** The inner step size η. */
  learningRate: number;
}

/** What {@link unrolledHypergradient} returns. */
export interface UnrolledHypergradient<P extends TensorTree, H extends TensorTree> {
  /** `d outer(θ_T(λ), λ) / dλ` through all T steps, shaped like `hyper` (yours to dispose). */
  readonly hypergradient: H;
  /** θ_T, the inner run's end (yours to dispose). */
  readonly params: P;
  /** The outer objective at θ_T. */
  readonly outerValue: number;
}

/**
 * The hypergradient of a bilevel problem by differentiating through the inner optimisation:
 * θ_{t+1} = θ_t − η·∇θ inner(θ_t, λ) for T steps from θ₀, then reverse mode through all of them to
 * `d outer(θ_T, λ)/dλ` (each step's gradient is differentiated again, which core's autodiff
 * supports to second order). Exact for the truncated run, whatever T; the tape holds all T steps,
 * so memory grows with T — the cost {@link implicitHypergradient} avoids. As T grows and θ_T
 * converges the two agree.
 *
 * @param options - `inner`, `outer`, `hyper`, `init` (θ₀), `steps` (T), `learningRate` (η).
 * @returns the hypergradient, θ_T and the outer value there.
 * @example
 * const { hypergradient, params } = unrolledHypergradient({ inner, outer, hyper: { logL2 }, init: model.init(0), steps: 100, learningRate: 0.1 });
 * @see Maclaurin, Duvenaud, Adams (2015), Gradient-based Hyperparameter Optimization through Reversible Learning (ICML);
 *   Franceschi, Donini, Frasconi, Pontil (2017), Forward and Reverse Gradient-Based Hyperparameter Optimization (ICML).
 */
export function unrolledHypergradient<P extends TensorTree, H extends TensorTree>(options: UnrolledHypergradientOptions<P, H>): UnrolledHypergradient<P, H> {
  const where = 'unrolledHypergradient';
  const { inner, outer, hyper, init, steps, learningRate } = options;
  if (typeof inner !== 'function' || typeof outer !== 'function') throw new GradbookError(where, 'expected functions inner(params, hyper) and outer(params, hyper) returning scalars');
  if (!Number.isInteger(steps) || steps < 1) throw new GradbookError(`${where}(steps)`, `expected a whole number ≥ 1, got ${steps}`);
  if (!(learningRate > 0)) throw new GradbookError(`${where}(learningRate)`, `expected a step size > 0, got ${learningRate}`);
  const run = (h: H): P => {
    let p = init;
    for (let t = 0; t < steps; t++) p = tree.axpy(p, -learningRate, grad((q: P) => inner(q, h))(p) as unknown as P);
    return p;
  };
  let outerValue = NaN;
  let params: P | undefined;
  const hypergradient = tidy(() =>
    grad((h: H) => {
      const end = run(h);
      params = tree.map(end, (t) => tf.keep(t)) as unknown as P; // survives the tidy: θ_T is the caller's
      const v = outer(end, h);
      outerValue = v.dataSync()[0]!;
      return v;
    })(hyper) as unknown as H,
  );
  return { hypergradient, params: params!, outerValue };
}
