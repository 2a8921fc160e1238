import { GradbookError, tree } from '@gradbook/core';
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

/** Options of {@link hutchinsonTrace}. */
export interface HutchinsonOptions {
  /** How many Rademacher probes to draw. Default 100; ignored when `probes` is given. */
  samples?: number;
  /** The seed of the drawn probes. Default 0. */
  seed?: number;
  /**
   * Probes to use instead of drawn ones: trees shaped like `params` (for ±1 entries, the estimate is
   * Hutchinson's; any probes with `E[vvᵀ] = I` are unbiased). Not disposed.
   */
  probes?: readonly TensorTree[];
}

/**
 * Hutchinson's stochastic trace estimate `tr(H) ≈ (1/m) Σᵢ vᵢᵀHvᵢ` over m Rademacher (±1) probes
 * `vᵢ`: one HVP per probe, unbiased, for models too big for {@link exactTrace}. The probes are drawn
 * from `seed`, or given.
 *
 * @param hvp - `v ↦ H·v` on trees shaped like `params`.
 * @param params - a tree with the parameters' shapes.
 * @param options - `samples` probes (default 100), `seed` (default 0), or your own `probes`.
 * @returns the estimate and its standard error.
 * @example
 * hutchinsonTrace(lossHvp({ model, params, loss: crossEntropy, x, y }), params, { samples: 200 });
 * // { trace: -1.8, standardError: 0.3, samples: 200 }
 * @see Hutchinson (1989), A stochastic estimator of the trace of the influence matrix for Laplacian
 *   smoothing splines.
 */
export function hutchinsonTrace(hvp: TreeOperator, params: TensorTree, options: HutchinsonOptions = {}): TraceEstimate {
  const { seed = 0, probes } = options;
  const op = flatOperator('hutchinsonTrace', hvp, params);
  const given = probes === undefined ? undefined : flatProbes(probes, params, op.n);
  const samples = given ? given.length : (options.samples ?? 100);
  checkInteger('hutchinsonTrace', 'samples', samples);
  const next = rng(seed);
  const xs: number[] = [];
  for (let s = 0; s < samples; s++) {
    const v = given ? given[s]! : rademacher(op.n, next);
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

/** Given probe trees as flat float64 vectors in `params`' flatten order, each checked against it. */
function flatProbes(probes: readonly TensorTree[], params: TensorTree, n: number): Float64Array[] {
  if (!Array.isArray(probes) || probes.length === 0) {
    throw new GradbookError('hutchinsonTrace(probes)', `expected a non-empty array of trees shaped like the parameters, got ${Array.isArray(probes) ? 'an empty array' : typeof probes}`);
  }
  return probes.map((p, i) => {
    tree.zip(
      [params, p],
      ([a, b], path) => {
        if (a!.shape.join() !== b!.shape.join()) {
          throw new GradbookError(`hutchinsonTrace(probes[${i}])`, `${tree.formatPath(path)} has shape [${b!.shape.join(', ')}], expected [${a!.shape.join(', ')}] as in the parameters`);
        }
        return 0;
      },
      `hutchinsonTrace(probes[${i}])`,
    );
    const v = new Float64Array(n);
    let o = 0;
    for (const leaf of tree.flatten(p).leaves) {
      v.set(leaf.dataSync(), o);
      o += leaf.size;
    }
    return v;
  });
}
