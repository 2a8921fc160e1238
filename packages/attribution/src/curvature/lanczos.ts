import { symmetricEigen } from '../internal/symmetric-eigen.js';
import { axpyInPlace, dot, norm, orthogonalize, scaled } from '../internal/vector.js';
import type { FlatOperator } from './operator.js';

/** The result of a Lanczos run: the tridiagonal matrix's Ritz values and vectors. */
export interface LanczosRun {
  /** Ritz values, descending. */
  readonly values: number[];
  /** Eigenvectors of the tridiagonal matrix, `ritzWeights[j][0]` is the first component of the j-th. */
  readonly tridiagonalVectors: number[][];
  /** The Lanczos basis (orthonormal columns), kept only when asked. */
  readonly basis?: Float64Array[];
}

/**
 * `m` steps of the Lanczos iteration with full reorthogonalisation from the start vector `v0`.
 * Internal: `topEigenvalues` and `spectralDensity` build on it.
 */
export function lanczos(op: FlatOperator, v0: Float64Array, m: number, keepBasis = false): LanczosRun {
  const steps = Math.min(m, op.n);
  const q: Float64Array[] = [scaled(v0, 1 / norm(v0))];
  const alpha: number[] = [];
  const beta: number[] = [];
  for (let j = 0; j < steps; j++) {
    const w = op.apply(q[j]!);
    const a = dot(w, q[j]!);
    alpha.push(a);
    axpyInPlace(w, -a, q[j]!);
    if (j > 0) axpyInPlace(w, -beta[j - 1]!, q[j - 1]!);
    orthogonalize(w, q);
    orthogonalize(w, q);
    const b = norm(w);
    if (j === steps - 1 || b <= 1e-10 * Math.max(Math.abs(a), 1e-30)) break;
    beta.push(b);
    q.push(scaled(w, 1 / b));
  }
  const k = alpha.length;
  const t = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? alpha[i]! : Math.abs(i - j) === 1 ? beta[Math.min(i, j)]! : 0)));
  const { values, vectors } = symmetricEigen(t);
  return { values, tridiagonalVectors: vectors, ...(keepBasis ? { basis: q.slice(0, k) } : {}) };
}
