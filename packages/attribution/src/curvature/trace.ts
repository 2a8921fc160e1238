import type { TensorTree } from '@gradbook/core';
import { checkInteger } from '../internal/checks.js';
import { rademacher, rng } from '../internal/rng.js';
import { dot } from '../internal/vector.js';
import { flatOperator, type TreeOperator } from './operator.js';

/** What {@link hutchinsonTrace} returns. */
export interface TraceEstimate {
  /** The estimate: the mean of `vᵀHv` over the probes. */
  readonly trace: number;
  /** The standard error of that mean (0 with one probe). */
  readonly standardError: number;
  /** The probes used. */
  readonly samples: number;
}

/**
 * Hutchinson's stochastic trace estimate `tr(H) ≈ mean vᵀHv` over Rademacher probes `v`: one HVP per
 * probe, unbiased, for models too big for {@link exactTrace}.
 *
 * @param hvp - `v ↦ H·v` on trees shaped like `params`.
 * @param params - a tree with the parameters' shapes.
 * @param options - `samples` probes (default 100), `seed` (default 0).
 * @returns the estimate and its standard error.
 * @example
 * hutchinsonTrace(lossHvp({ model, params, loss: crossEntropy, x, y }), params, { samples: 200 });
 * // { trace: -1.8, standardError: 0.3, samples: 200 }
 * @see Hutchinson (1989), A stochastic estimator of the trace of the influence matrix.
 */
export function hutchinsonTrace(hvp: TreeOperator, params: TensorTree, options: { samples?: number; seed?: number } = {}): TraceEstimate {
  const { samples = 100, seed = 0 } = options;
  checkInteger('hutchinsonTrace', 'samples', samples);
  const op = flatOperator('hutchinsonTrace', hvp, params);
  const next = rng(seed);
  const xs: number[] = [];
  for (let s = 0; s < samples; s++) {
    const v = rademacher(op.n, next);
    xs.push(dot(v, op.apply(v)));
  }
  const mean = xs.reduce((a, b) => a + b, 0) / samples;
  const variance = samples > 1 ? xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (samples - 1) : 0;
  return { trace: mean, standardError: Math.sqrt(variance / samples), samples };
}

/**
 * The exact trace `Σ eᵢᵀHeᵢ`, one HVP per parameter: for small models and for checking estimators.
 *
 * @param hvp - `v ↦ H·v` on trees shaped like `params`.
 * @param params - a tree with the parameters' shapes.
 * @returns the trace.
 * @example
 * exactTrace(lossHvp({ model, params, loss: crossEntropy, x, y }), params); // e.g. -1.83
 */
export function exactTrace(hvp: TreeOperator, params: TensorTree): number {
  const op = flatOperator('exactTrace', hvp, params);
  const e = new Float64Array(op.n);
  let t = 0;
  for (let i = 0; i < op.n; i++) {
    e[i] = 1;
    t += op.apply(e)[i]!;
    e[i] = 0;
  }
  return t;
}
