import type { TopLevelSpec } from 'vega-lite';
import { valueRange } from './grid.js';
import { toNumbers } from './numbers.js';
import { PlotError } from './plot-error.js';
import { asSpec, header, round6, type PlotOptions } from './spec.js';

/** Options of {@link histogram}. */
export interface HistogramOptions extends PlotOptions {
  /** Number of equal-width bins (default 30). */
  readonly bins?: number;
  /** Range binned, `[low, high]` (default: the data's range); values outside are left out. */
  readonly extent?: readonly [number, number];
  /** Bar height: `'count'` (default), `'probability'` (sums to 1) or `'density'` (integrates to 1). */
  readonly normalize?: 'count' | 'probability' | 'density';
  /** Axis titles (default `'value'` and the `normalize` name). */
  readonly xTitle?: string;
  readonly yTitle?: string;
}

/** One bin (internal and in tests): `[x0, x1)`, the last bin closed. */
export interface HistogramBin {
  x0: number;
  x1: number;
  y: number;
}

/**
 * Equal-width bins of `values` (the last bin includes its right edge).
 *
 * @param values - finite numbers.
 * @param bins - number of bins (default 30).
 * @param extent - range binned (default: the data's range; a constant sample gets `[v - 0.5, v + 0.5]`).
 * @returns `{ x0, x1, y: count }` per bin.
 */
export function binValues(values: ArrayLike<number>, bins = 30, extent?: readonly [number, number]): HistogramBin[] {
  let [lo, hi] = extent ?? valueRange(values);
  if (!(hi > lo)) [lo, hi] = [lo - 0.5, lo + 0.5];
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo || v > hi) continue;
    counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  }
  return counts.map((y, k) => ({ x0: lo + k * width, x1: k === bins - 1 ? hi : lo + (k + 1) * width, y }));
}

/**
 * A histogram of numbers: equal-width bins computed here (not by Vega), so a 100 000-value
 * Hessian spectrum makes a spec of `bins` rows.
 *
 * @param values - finite numbers (`number[]` or a typed array such as `Float32Array`).
 * @param options - `bins` (default 30), `extent` (default: the data's range), `normalize`
 *   (default `'count'`), `xTitle` (default `'value'`), `yTitle`, `title`, `width` (default 400),
 *   `height` (default 220).
 * @returns a Vega-Lite v6 spec of ranged bars.
 * @throws PlotError on an empty array, a non-finite value, or a bad `bins`/`extent`.
 *
 * @example
 * ```ts
 * histogram(eigenvalues, { bins: 50, normalize: 'density', xTitle: 'eigenvalue' });
 * ```
 */
export function histogram(values: ArrayLike<number>, options: HistogramOptions = {}): TopLevelSpec {
  const where = 'histogram';
  const xs = toNumbers(where, 'values', values);
  const bins = options.bins ?? 30;
  if (!Number.isInteger(bins) || bins < 1) throw new PlotError(where, `bins must be a positive integer, received ${bins}`);
  if (options.extent && !(Number.isFinite(options.extent[0]) && options.extent[1] > options.extent[0])) {
    throw new PlotError(where, `extent must be [low, high] with finite low < high, received [${options.extent.join(', ')}]`);
  }
  const normalize = options.normalize ?? 'count';
  const rows = binValues(xs, bins, options.extent);
  const total = rows.reduce((s, r) => s + r.y, 0);
  const values_ = rows.map((r) => ({
    x0: round6(r.x0),
    x1: round6(r.x1),
    y: round6(normalize === 'count' ? r.y : normalize === 'probability' ? r.y / total : r.y / (total * (r.x1 - r.x0))),
  }));
  return asSpec({
    ...header(options, 400, 220),
    data: { values: values_ },
    mark: { type: 'rect', stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'x0', type: 'quantitative', title: options.xTitle ?? 'value', scale: { zero: false } },
      x2: { field: 'x1' },
      y: { field: 'y', type: 'quantitative', title: options.yTitle ?? normalize },
      y2: { datum: 0 },
    },
  });
}
