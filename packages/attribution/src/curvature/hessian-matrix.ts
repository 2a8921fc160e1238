import { GradbookError } from '@gradbook/core';
import type { TensorTree } from '@gradbook/core';

/** The largest parameter count for which the dense Hessian is formed. */
export const MAX_DENSE = 4096;
import { flatOperator, type FlatOperator, type TreeOperator } from './operator.js';

/** The full matrix of a flat operator, one application per column, symmetrised. */
export function hessianMatrixFlat(op: FlatOperator, where = 'hessianMatrix'): number[][] {
  const n = op.n;
  if (n > MAX_DENSE) {
    throw new GradbookError(where, `the model has ${n} parameters; the dense Hessian needs ${n} HVPs and ${n}² numbers, so it is limited to ${MAX_DENSE}; use topEigenvalues (Lanczos), hutchinsonTrace or spectralDensity instead`);
  }
  const cols: Float64Array[] = [];
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e[j] = 1;
    cols.push(op.apply(e));
    e[j] = 0;
  }
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => 0.5 * (cols[j]![i]! + cols[i]![j]!)));
}

/**
 * The full Hessian as a dense matrix, one Hessian-vector product per parameter (small models only:
 * `n` HVPs and `n²` numbers; refused above 4096 parameters). Rows and columns follow the flatten order of `params` (layer names
 * sorted, then `bias` before `kernel`, each row-major). The result is symmetrised, `(H + Hᵀ)/2`.
 *
 * @param hvp - `v ↦ H·v` on trees shaped like `params` (see {@link lossHvp}).
 * @param params - a tree with the parameters' shapes.
 * @returns the matrix as an array of rows.
 * @example
 * const H = hessianMatrix(lossHvp({ model, params, loss: crossEntropy, x, y }), params);
 * H.length; // 51 for a 4-6-3 MLP
 */
export function hessianMatrix(hvp: TreeOperator, params: TensorTree): number[][] {
  return hessianMatrixFlat(flatOperator('hessianMatrix', hvp, params));
}
