import { GradbookError, grad, hvp, tree, valueAndGrad } from '@gradbook/core';
import { tidy } from '../internal/tidy.js';
import type { Scalar, TensorTree } from '@gradbook/core';
import { conjugateGradient } from './conjugate-gradient.js';

/** The two levels of a bilevel problem: `min_λ outer(θ*(λ), λ)` with `θ*(λ) = argmin_θ inner(θ, λ)`. */
export interface BilevelProblem<P extends TensorTree, H extends TensorTree> {
  /** The inner objective (a training loss with its regulariser), minimised over the parameters. */
  inner: (params: P, hyper: H) => Scalar;
  /** The outer objective (a validation loss), a function of the inner solution and the hyper-parameters. */
  outer: (params: P, hyper: H) => Scalar;
  /** The hyper-parameters λ (a tree; one scalar tensor is a tree). */
  hyper: H;
}

/** Options of {@link implicitHypergradient}. */
export interface ImplicitHypergradientOptions<P extends TensorTree, H extends TensorTree> extends BilevelProblem<P, H> {
  /** The inner solution θ*, where `∇θ inner(θ*, λ) = 0` (train to convergence first). */
  params: P;
  /** Conjugate-gradient iterations at most. Default 100. */
  maxIterations?: number;
  /** Relative residual at which conjugate gradients stop. Default 1e-5. */
  tolerance?: number;
  /** Adds `damping·I` to the inner Hessian (a positive-definite fix for non-convex inner problems). Default 0. */
  damping?: number;
}

/** What {@link implicitHypergradient} returns. */
export interface ImplicitHypergradient<H extends TensorTree> {
  /** `d outer(θ*(λ), λ) / dλ`, shaped like `hyper` (yours to dispose). */
  readonly hypergradient: H;
  /** The outer objective at θ*. */
  readonly outerValue: number;
  /** Conjugate-gradient iterations (Hessian-vector products) taken. */
  readonly iterations: number;
  /** Their final relative residual. */
  readonly relativeResidual: number;
}

/**
 * The hypergradient of a bilevel problem by the implicit function theorem: at an inner solution θ*
 * (`∇θ inner = 0`), `d(θ*)/dλ = −H⁻¹·∂²inner/∂θ∂λ` with `H = ∇²θ inner`, so
 *
 *   `d outer/dλ = ∂outer/∂λ − (∂²inner/∂λ∂θ)·H⁻¹·∇θ outer`.
 *
 * `H⁻¹·∇θ outer` is solved by conjugate gradients on core's exact Hessian-vector products, and the
 * mixed term is one more double-backward pass: the gradient in λ of `⟨∇θ inner(θ*, λ), v⟩`. Memory
 * does not grow with the inner run's length, unlike {@link unrolledHypergradient}; the answer is as
 * good as θ* is a solution.
 *
 * @param options - `inner`, `outer`, `hyper`, `params` (θ*); `maxIterations` (100), `tolerance` (1e-5), `damping` (0).
 * @returns the hypergradient, the outer value and the solver's iterations and residual.
 * @example
 * const inner = (p, h) => tf.add(mse(model.apply(p, xTrain), yTrain), tf.mul(tf.exp(h.logL2), tf.div(tree.dot(p, p), 2)));
 * const outer = (p) => mse(model.apply(p, xVal), yVal);
 * const { hypergradient } = implicitHypergradient({ inner, outer, hyper: { logL2 }, params: solved });
 * @see Blondel, Berthet, Cuturi, Frostig, Hoyer, Llinares-López, Pedregosa, Vert (2022), Efficient and
 *   Modular Implicit Differentiation (NeurIPS); Pedregosa (2016), Hyperparameter optimization with approximate gradient (ICML).
 */
export function implicitHypergradient<P extends TensorTree, H extends TensorTree>(options: ImplicitHypergradientOptions<P, H>): ImplicitHypergradient<H> {
  const where = 'implicitHypergradient';
  const { inner, outer, hyper, params, maxIterations = 100, tolerance = 1e-5, damping = 0 } = options;
  if (typeof inner !== 'function' || typeof outer !== 'function') throw new GradbookError(where, 'expected functions inner(params, hyper) and outer(params, hyper) returning scalars');
  if (!(damping >= 0)) throw new GradbookError(`${where}(damping)`, `expected a number ≥ 0, got ${damping}`);
  // ∇θ outer and ∂outer/∂λ at (θ*, λ).
  const { value, grads: gParams } = valueAndGrad((p: P) => outer(p, hyper))(params);
  const outerValue = value.dataSync()[0]!;
  value.dispose();
  const gHyperDirect = grad((h: H) => outer(params, h))(hyper);
  const innerOfParams = (p: P): Scalar => inner(p, hyper);
  const matvec = (v: P): TensorTree =>
    tidy(() => {
      const hv = hvp(innerOfParams, params, v as never) as TensorTree;
      return damping > 0 ? tree.axpy(hv, damping, v) : hv;
    });
  let solved;
  try {
    solved = conjugateGradient(matvec, gParams as unknown as P, { maxIterations, tolerance });
  } catch (err) {
    tree.dispose(gParams, gHyperDirect);
    throw err;
  }
  const v = solved.x;
  // The mixed term (∂²inner/∂λ∂θ)·v: the λ-gradient of ⟨∇θ inner(θ*, λ), v⟩, v held constant.
  const hypergradient = tidy(() => {
    const mixed = grad((h: H) => tree.dot(grad((p: P) => inner(p, h))(params), v))(hyper);
    return tree.sub(gHyperDirect as unknown as H, mixed);
  });
  tree.dispose(gParams, gHyperDirect, v);
  return { hypergradient, outerValue, iterations: solved.iterations, relativeResidual: solved.relativeResidual };
}
