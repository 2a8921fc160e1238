import { GradbookError, tf, tree } from '@gradbook/core';
import type { TensorTree } from '@gradbook/core';

/** Options of {@link conjugateGradient}. */
export interface ConjugateGradientOptions {
  /** At most this many iterations. Default 100. */
  maxIterations?: number;
  /** Stop when `‖b − A·x‖ ≤ tolerance · ‖b‖`. Default 1e-5 (float32 rarely gets much further). */
  tolerance?: number;
}

/** What {@link conjugateGradient} returns. */
export interface ConjugateGradientResult<T extends TensorTree> {
  /** The solution `x ≈ A⁻¹·b`, shaped like `b` (yours to dispose). */
  readonly x: T;
  /** Iterations taken (matrix-vector products). */
  readonly iterations: number;
  /** `‖b − A·x‖ / ‖b‖` at the end. */
  readonly relativeResidual: number;
}

/**
 * Solves `A·x = b` for a symmetric positive-definite operator given only as `v ↦ A·v` on parameter
 * trees (a Hessian-vector product, say): the method of conjugate gradients, one product per
 * iteration, exact after at most n iterations in exact arithmetic. Starts from `x = 0`.
 *
 * @param matvec - `v ↦ A·v` on trees shaped like `b`; its results are disposed here.
 * @param b - the right-hand side.
 * @param options - `maxIterations` (100), `tolerance` (1e-5, relative to ‖b‖).
 * @returns the solution, the iterations taken and the relative residual.
 * @example
 * const { x } = conjugateGradient((v) => hvp(loss, params, v), grads, { maxIterations: 50 });
 * @see Hestenes, Stiefel (1952), Methods of Conjugate Gradients for Solving Linear Systems.
 */
export function conjugateGradient<T extends TensorTree>(matvec: (v: T) => TensorTree, b: T, options: ConjugateGradientOptions = {}): ConjugateGradientResult<T> {
  const where = 'conjugateGradient';
  const { maxIterations = 100, tolerance = 1e-5 } = options;
  if (typeof matvec !== 'function') throw new GradbookError(`${where}(matvec)`, 'expected a function v => A·v on trees shaped like b, e.g. (v) => hvp(loss, params, v)');
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new GradbookError(`${where}(maxIterations)`, `expected a whole number ≥ 1, got ${maxIterations}`);
  if (!(tolerance >= 0)) throw new GradbookError(`${where}(tolerance)`, `expected a number ≥ 0, got ${tolerance}`);
  const read = (s: tf.Scalar): number => {
    const v = s.dataSync()[0]!;
    s.dispose();
    return v;
  };
  const bNorm = Math.sqrt(read(tree.dot(b, b)));
  let x = tree.zerosLike(b);
  if (bNorm === 0) return { x, iterations: 0, relativeResidual: 0 };
  let r = tree.clone(b);
  let p = tree.clone(b);
  let rr = bNorm * bNorm;
  let k = 0;
  try {
    while (k < maxIterations && Math.sqrt(rr) > tolerance * bNorm) {
      const ap = matvec(p) as T;
      const pAp = read(tree.dot(p, ap));
      if (!(pAp > 0)) {
        tree.dispose(ap);
        throw new GradbookError(where, `the operator is not positive definite along a search direction (pᵀAp = ${pAp}); add damping (A + λI) or check the operator`);
      }
      const alpha = rr / pAp;
      const x2 = tree.axpy(x, alpha, p);
      const r2 = tree.axpy(r, -alpha, ap);
      tree.dispose(ap, x, r);
      x = x2;
      r = r2;
      const rr2 = read(tree.dot(r, r));
      const p2 = tree.axpy(r, rr2 / rr, p);
      tree.dispose(p);
      p = p2;
      rr = rr2;
      k++;
    }
  } catch (err) {
    tree.dispose(x);
    throw err;
  } finally {
    tree.dispose(r, p);
  }
  return { x, iterations: k, relativeResidual: Math.sqrt(rr) / bNorm };
}
