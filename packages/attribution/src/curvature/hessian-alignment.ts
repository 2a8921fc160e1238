import { GradbookError } from '@gradbook/core';
import type { TensorTree } from '@gradbook/core';
import { checkInteger } from '../internal/checks.js';
import { rademacher, rng } from '../internal/rng.js';
import { dot } from '../internal/vector.js';
import { flatOperator, type TreeOperator } from './operator.js';

/**
 * How aligned the Hessians of two losses are: the cosine `⟨H₁, H₂⟩_F / (‖H₁‖_F ‖H₂‖_F)` in the
 * Frobenius inner product, 1 for proportional curvature, 0 for curvature in unrelated directions.
 * With `samples: 'exact'` it uses one pair of HVPs per parameter (exact); with a number, the
 * unbiased Hutchinson estimates `tr(H₁H₂) ≈ mean (H₁v)·(H₂v)` over Rademacher probes.
 *
 * @param hvpA - `v ↦ H₁·v` (e.g. the task loss, {@link lossHvp}).
 * @param hvpB - `v ↦ H₂·v` (e.g. another task's loss, or the loss on other data).
 * @param params - a tree with the parameters' shapes.
 * @param options - `samples`: probes (default 50) or `'exact'`; `seed` (0).
 * @returns the cosine, in [−1, 1].
 * @example
 * hessianAlignment(lossHvp({ ...common, x: xA, y: yA }), lossHvp({ ...common, x: xB, y: yB }), params);
 * // 0.83
 */
export function hessianAlignment(hvpA: TreeOperator, hvpB: TreeOperator, params: TensorTree, options: { samples?: number | 'exact'; seed?: number } = {}): number {
  const where = 'hessianAlignment';
  const { samples = 50, seed = 0 } = options;
  const a = flatOperator(where, hvpA, params);
  const b = flatOperator(where, hvpB, params);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  const add = (v: Float64Array): void => {
    const x = a.apply(v);
    const y = b.apply(v);
    ab += dot(x, y);
    aa += dot(x, x);
    bb += dot(y, y);
  };
  if (samples === 'exact') {
    const e = new Float64Array(a.n);
    for (let i = 0; i < a.n; i++) {
      e[i] = 1;
      add(e);
      e[i] = 0;
    }
  } else {
    checkInteger(where, 'samples', samples);
    const next = rng(seed);
    for (let s = 0; s < samples; s++) add(rademacher(a.n, next));
  }
  if (aa === 0 || bb === 0) throw new GradbookError(where, 'one of the Hessians is zero along every probe, so their alignment is undefined');
  return ab / Math.sqrt(aa * bb);
}
