import { GradbookError, tf, tree } from '@gradbook/core';
import type { Tensor, TensorTree } from '@gradbook/core';
import { checkInteger } from '../internal/checks.js';
import { gaussian, rng } from '../internal/rng.js';
import { symmetricEigen } from '../internal/symmetric-eigen.js';
import { axpyInPlace, dot, norm, scaled } from '../internal/vector.js';
import { lanczos } from './lanczos.js';
import { hessianMatrixFlat } from './hessian-matrix.js';
import { flatOperator, type FlatOperator, type TreeOperator } from './operator.js';

/** Options of {@link topEigenvalues}. */
export interface TopEigenvaluesOptions {
  /** How many of the largest eigenvalues. Default 1. */
  k?: number;
  /**
   * `'lanczos'` (default): Lanczos with full reorthogonalisation; `'power'`: power iteration with
   * deflation (shifted first when the dominant eigenvalue is negative, so it still returns the
   * largest algebraic ones); `'exact'`: the full Hessian from one HVP per parameter, then a dense
   * eigen-solve (small models only).
   */
  method?: 'lanczos' | 'power' | 'exact';
  /**
   * Lanczos steps (default 40; Lanczos keeps that many float64 vectors of the parameter count), or
   * power iterations per eigenvalue (default 100).
   */
  iterations?: number;
  /** Power iteration stops when the eigenvalue estimate changes by less than `tol·|λ|`. Default 1e-6. */
  tol?: number;
  /** Seed of the random start vectors. Default 0. */
  seed?: number;
  /** Also return the eigenvectors as trees shaped like `params` (yours to dispose). Default false. */
  vectors?: boolean;
}

/** What {@link topEigenvalues} returns. */
export interface TopEigenvalues {
  /** The `k` largest (algebraic) eigenvalues, descending. */
  readonly eigenvalues: number[];
  /** Unit eigenvectors shaped like `params`, when `vectors: true`. */
  readonly eigenvectors?: TensorTree[];
  /** Operator applications used. */
  readonly hvpCount: number;
}

/**
 * The largest eigenvalues of a symmetric operator given as a Hessian-vector product, e.g. the loss
 * Hessian of a network: the sharpness picture of PyHessian.
 *
 * @param hvp - `v ↦ H·v` on trees shaped like `params` (see {@link lossHvp}).
 * @param params - a tree with the parameters' shapes (its values are not used).
 * @param options - see {@link TopEigenvaluesOptions}: `k` (1), `method` ('lanczos'), `iterations`
 *   (40 Lanczos steps, 100 power iterations), `tol` (1e-6), `seed` (0), `vectors` (false).
 * @returns the eigenvalues, descending, and optionally the eigenvectors.
 * @example
 * const hvp = lossHvp({ model, params, loss: crossEntropy, x, y });
 * topEigenvalues(hvp, params, { k: 3 }).eigenvalues; // e.g. [1.38, 0.41, 0.12]
 * @see Yao, Gholami, Keutzer, Mahoney (2020), PyHessian: Neural Networks Through the Lens of the Hessian.
 * @see Lanczos (1950), An iteration method for the solution of the eigenvalue problem.
 */
export function topEigenvalues(hvp: TreeOperator, params: TensorTree, options: TopEigenvaluesOptions = {}): TopEigenvalues {
  const where = 'topEigenvalues';
  const { k = 1, method = 'lanczos', tol = 1e-6, seed = 0, vectors = false } = options;
  const iterations = options.iterations ?? (method === 'power' ? 100 : 40);
  checkInteger(where, 'k', k);
  checkInteger(where, 'iterations', iterations);
  const op = countingOperator(flatOperator(where, hvp, params));
  if (k > op.n) throw new GradbookError(`${where}(k)`, `asked for ${k} eigenvalues of an operator of dimension ${op.n}; pass k ≤ ${op.n}`);
  let values: number[];
  let vecs: Float64Array[];
  if (method === 'exact') {
    const { values: all, vectors: allVecs } = symmetricEigen(hessianMatrixFlat(op, where));
    values = all.slice(0, k);
    vecs = allVecs.slice(0, k).map((v) => Float64Array.from(v));
  } else if (method === 'lanczos') {
    const m = Math.max(iterations, k);
    const run = lanczos(op, gaussian(op.n, rng(seed)), m, vectors);
    if (run.values.length < k) throw new GradbookError(where, `the Krylov space closed after ${run.values.length} steps, fewer than k = ${k}; the start vector misses part of the spectrum — try another seed`);
    values = run.values.slice(0, k);
    vecs = vectors
      ? run.tridiagonalVectors.slice(0, k).map((u) => {
          const x = new Float64Array(op.n);
          u.forEach((c, j) => axpyInPlace(x, c, run.basis![j]!));
          return x;
        })
      : [];
  } else if (method === 'power') {
    ({ values, vectors: vecs } = powerIteration(op, k, iterations, tol, seed));
  } else {
    throw new GradbookError(`${where}(method)`, `unknown method "${String(method)}"; use 'lanczos', 'power' or 'exact'`);
  }
  const result: TopEigenvalues = { eigenvalues: values, hvpCount: op.count() };
  if (!vectors) return result;
  return { ...result, eigenvectors: vecs.map((v) => toTree(v, params)) };
}

function powerIteration(op: FlatOperator, k: number, iterations: number, tol: number, seed: number): { values: number[]; vectors: Float64Array[] } {
  const next = rng(seed);
  const run = (apply: (v: Float64Array) => Float64Array): { value: number; vector: Float64Array } => {
    let v = gaussian(op.n, next);
    v = scaled(v, 1 / norm(v));
    let value = 0;
    for (let it = 0; it < iterations; it++) {
      const w = apply(v);
      const next = dot(v, w);
      const size = norm(w);
      if (size === 0) return { value: 0, vector: v };
      v = scaled(w, 1 / size);
      const done = it > 0 && Math.abs(next - value) <= tol * Math.abs(next);
      value = next;
      if (done) break;
    }
    return { value, vector: v };
  };
  // The dominant eigenvalue may be negative; then iterate on H − λ_d·I, whose spectrum is ≥ 0 and
  // whose largest eigenvalue is λ_max − λ_d.
  const dominant = run((v) => op.apply(v));
  const shift = dominant.value < 0 ? dominant.value : 0;
  const found: { value: number; vector: Float64Array }[] = [];
  for (let i = 0; i < k; i++) {
    if (i === 0 && shift === 0) {
      found.push(dominant);
      continue;
    }
    found.push(
      run((v) => {
        const w = op.apply(v);
        if (shift !== 0) axpyInPlace(w, -shift, v);
        for (const f of found) axpyInPlace(w, -f.value * dot(f.vector, v), f.vector);
        return w;
      }),
    );
  }
  return { values: found.map((f) => f.value + shift), vectors: found.map((f) => f.vector) };
}

function countingOperator(op: FlatOperator): FlatOperator & { count(): number } {
  let n = 0;
  return {
    n: op.n,
    apply(v) {
      n++;
      return op.apply(v);
    },
    count: () => n,
  };
}

/** A flat vector back into a tree of float32 tensors shaped like `like`. */
export function toTree(v: Float64Array, like: TensorTree): TensorTree {
  const { leaves, structure } = tree.flatten(like);
  let o = 0;
  const parts: Tensor[] = leaves.map((l) => {
    const t = tf.tensor(Float32Array.from(v.subarray(o, o + l.size)), l.shape, 'float32');
    o += l.size;
    return t;
  });
  return tree.unflatten(structure, parts) as TensorTree;
}
