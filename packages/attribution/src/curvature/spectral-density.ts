import { GradbookError } from '@gradbook/core';
import type { TensorTree } from '@gradbook/core';
import { checkInteger } from '../internal/checks.js';
import { rademacher, rng } from '../internal/rng.js';
import { lanczos } from './lanczos.js';
import { flatOperator, type TreeOperator } from './operator.js';

/** Options of {@link spectralDensity}. */
export interface SpectralDensityOptions {
  /** Lanczos steps per run (quadrature nodes per run). Default 30. */
  iterations?: number;
  /** Independent runs (random probes) averaged. Default 5. */
  runs?: number;
  /** Width of the Gaussian that smooths each node; default 1 % of the node range. */
  sigma?: number;
  /** Grid points of the returned density. Default 512. */
  gridSize?: number;
  /** Seed of the probes. Default 0. */
  seed?: number;
}

/** What {@link spectralDensity} returns. */
export interface SpectralDensity {
  /** Quadrature nodes (Ritz values) of each run. */
  readonly nodes: number[][];
  /** Their weights (squared first components of the Ritz vectors); each run's sum to 1. */
  readonly weights: number[][];
  /** Evenly spaced eigenvalue grid covering the nodes ± 5σ. */
  readonly grid: number[];
  /** The smoothed density on the grid (integrates to ≈ 1). */
  readonly density: number[];
  /** The Gaussian width used. */
  readonly sigma: number;
}

/**
 * The eigenvalue density of a Hessian by stochastic Lanczos quadrature: a few Lanczos runs from
 * random probes give nodes and weights whose Gaussian-smoothed sum approximates the spectrum — the
 * bulk near zero and the outliers of a trained network.
 *
 * @param hvp - `v ↦ H·v` on trees shaped like `params`.
 * @param params - a tree with the parameters' shapes.
 * @param options - `iterations` (30), `runs` (5), `sigma` (1 % of the range), `gridSize` (512), `seed` (0).
 * @returns nodes, weights and the density on a grid; `Σ weights·nodes / runs` estimates `trace/n`.
 * @example
 * const { grid, density } = spectralDensity(lossHvp({ model, params, loss: crossEntropy, x, y }), params);
 * // plot density against grid (log scale shows the outliers)
 * @see Ghorbani, Krishnan, Xiao (2019), An Investigation into Neural Net Optimization via Hessian Eigenvalue Density.
 * @see Lin, Saad, Yang (2016), Approximating spectral densities of large matrices.
 */
export function spectralDensity(hvp: TreeOperator, params: TensorTree, options: SpectralDensityOptions = {}): SpectralDensity {
  const where = 'spectralDensity';
  const { iterations = 30, runs = 5, gridSize = 512, seed = 0 } = options;
  checkInteger(where, 'iterations', iterations);
  checkInteger(where, 'runs', runs);
  checkInteger(where, 'gridSize', gridSize, 2);
  const op = flatOperator(where, hvp, params);
  const next = rng(seed);
  const nodes: number[][] = [];
  const weights: number[][] = [];
  for (let r = 0; r < runs; r++) {
    const run = lanczos(op, rademacher(op.n, next), iterations);
    nodes.push(run.values);
    weights.push(run.tridiagonalVectors.map((u) => u[0]! ** 2));
  }
  const all = nodes.flat();
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const sigma = options.sigma ?? Math.max((hi - lo) / 100, 1e-6 * Math.max(Math.abs(lo), Math.abs(hi), 1));
  if (!(sigma > 0)) throw new GradbookError(`${where}(sigma)`, `expected a positive width, got ${sigma}`);
  const a = lo - 5 * sigma;
  const b = hi + 5 * sigma;
  const grid = Array.from({ length: gridSize }, (_, i) => a + ((b - a) * i) / (gridSize - 1));
  const c = 1 / (runs * sigma * Math.sqrt(2 * Math.PI));
  const density = grid.map((t) => {
    let s = 0;
    nodes.forEach((ns, r) => ns.forEach((x, j) => (s += weights[r]![j]! * Math.exp(-0.5 * ((t - x) / sigma) ** 2))));
    return c * s;
  });
  return { nodes, weights, grid, density, sigma };
}
