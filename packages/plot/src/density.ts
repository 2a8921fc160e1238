import type { TopLevelSpec } from 'vega-lite';
import { valueRange } from './grid.js';
import { toNumbers } from './numbers.js';
import { PlotError } from './plot-error.js';
import { describe, isRowsInput, toRows, type RowsInput } from './rows.js';
import { asSpec, header, round6, type PlotOptions } from './spec.js';

/** Options of {@link density}. */
export interface DensityOptions extends PlotOptions {
  /** Gaussian kernel bandwidth for raw values (default: Silverman's rule, `0.9 min(σ, IQR/1.34) n^(-1/5)`). */
  readonly bandwidth?: number;
  /** Number of evaluation points for raw values (default 200). */
  readonly steps?: number;
  /** Evaluation range for raw values (default: the data's range ± 3 bandwidths). */
  readonly extent?: readonly [number, number];
  /** Column of the x value when given rows (default `'x'`). */
  readonly x?: string;
  /** Column of the density when given rows (default `'density'`). */
  readonly y?: string;
  /** Logarithmic y axis; points with density ≤ 0 are left out (default false). */
  readonly logY?: boolean;
  /** Axis titles (default `'value'`, `'density'`). */
  readonly xTitle?: string;
  readonly yTitle?: string;
}

/**
 * Gaussian kernel density estimate of `values` at `steps` evenly spaced points.
 *
 * @param values - finite numbers.
 * @param options - `bandwidth` (default Silverman's rule), `steps` (default 200), `extent`
 *   (default: range ± 3 bandwidths).
 * @returns `{ x, density }` rows; the density integrates to ≈ 1 over a wide enough extent.
 * @see Silverman (1986), Density Estimation for Statistics and Data Analysis, eq. 3.31.
 */
export function kernelDensity(values: ArrayLike<number>, options: Pick<DensityOptions, 'bandwidth' | 'steps' | 'extent'> = {}): { x: number; density: number }[] {
  const n = values.length;
  const h = options.bandwidth ?? silverman(values);
  const steps = options.steps ?? 200;
  const [lo, hi] = options.extent ?? (([a, b]) => [a - 3 * h, b + 3 * h])(valueRange(values));
  const norm = 1 / (n * h * Math.sqrt(2 * Math.PI));
  return Array.from({ length: steps }, (_, k) => {
    const x = steps === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * k) / (steps - 1);
    let s = 0;
    for (let i = 0; i < n; i++) {
      const z = (x - values[i]) / h;
      s += Math.exp(-0.5 * z * z);
    }
    return { x, density: s * norm };
  });
}

/**
 * A density curve: of raw values (Gaussian kernel density estimate), or of precomputed
 * `{ x, density }` rows such as a Hessian spectral density from stochastic Lanczos quadrature.
 *
 * @param input - finite numbers (`number[]`, `Float32Array`), or rows with `x` and `y` columns.
 * @param options - for raw values `bandwidth` (default Silverman), `steps` (default 200) and
 *   `extent`; for rows `x` (default `'x'`) and `y` (default `'density'`); `logY` (default false),
 *   `xTitle` (default `'value'`), `yTitle` (default `'density'`), `title`, `width` (default 400),
 *   `height` (default 220).
 * @returns a Vega-Lite v6 spec (an area, or a line under `logY`).
 * @throws PlotError on empty input, non-finite values, or a non-positive bandwidth.
 *
 * @example
 * ```ts
 * density(hessianSpectrum, { logY: true, xTitle: 'eigenvalue' });     // rows { x, density }
 * density(weights.dataSync(), { xTitle: 'weight' });                    // KDE of raw values
 * ```
 * @see Ghorbani, Krishnan & Xiao (2019), An Investigation into Neural Net Optimization via Hessian Eigenvalue Density.
 */
export function density(input: ArrayLike<number> | RowsInput, options: DensityOptions = {}): TopLevelSpec {
  const where = 'density';
  let points: { x: number; density: number }[];
  const isNumbers = ArrayBuffer.isView(input) || (Array.isArray(input) && typeof input[0] === 'number');
  if (!isNumbers && isRowsInput(input)) {
    const fx = options.x ?? 'x';
    const fy = options.y ?? 'density';
    points = toRows(where, 'rows', input).map((row, i) => {
      const [x, d] = [row[fx], row[fy]];
      if (typeof x !== 'number' || !Number.isFinite(x) || typeof d !== 'number' || !Number.isFinite(d)) {
        throw new PlotError(where, `row ${i}: ("${fx}", "${fy}") = (${describe(x)}, ${describe(d)}), expected finite numbers; pass { x, y } options naming the columns`);
      }
      return { x, density: d };
    });
    points.sort((p, q) => p.x - q.x);
  } else {
    const values = toNumbers(where, 'values', input);
    if (options.bandwidth !== undefined && !(options.bandwidth > 0 && Number.isFinite(options.bandwidth))) {
      throw new PlotError(where, `bandwidth must be a positive number, received ${options.bandwidth}`);
    }
    const steps = options.steps ?? 200;
    if (!Number.isInteger(steps) || steps < 2) throw new PlotError(where, `steps must be an integer ≥ 2, received ${steps}`);
    points = kernelDensity(values, { ...options, steps });
  }
  if (options.logY) points = points.filter((p) => p.density > 0);
  if (points.length === 0) throw new PlotError(where, 'no point with a positive density to draw on a log scale; drop logY');
  return asSpec({
    ...header(options, 400, 220),
    data: { values: points.map((p) => ({ x: round6(p.x), density: round6(p.density) })) },
    mark: options.logY ? { type: 'line' } : { type: 'area', line: true, opacity: 0.4 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: options.xTitle ?? 'value', scale: { zero: false, nice: false } },
      y: { field: 'density', type: 'quantitative', title: options.yTitle ?? 'density', ...(options.logY ? { scale: { type: 'log' } } : {}) },
    },
  });
}

/** Silverman's rule-of-thumb bandwidth; 1 for a constant sample (internal). */
function silverman(values: ArrayLike<number>): number {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  let mean = 0;
  for (const v of sorted) mean += v / n;
  let ss = 0;
  for (const v of sorted) ss += (v - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  const q = (p: number) => {
    const t = p * (n - 1);
    const i = Math.floor(t);
    return i + 1 < n ? sorted[i] + (t - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
  };
  const iqr = q(0.75) - q(0.25);
  const spread = Math.min(sd, iqr / 1.34) || sd || 1;
  return 0.9 * spread * Math.pow(n, -0.2);
}
