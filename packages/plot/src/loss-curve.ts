import type { TopLevelSpec } from 'vega-lite';
import { curveLayers, curveRows, type CurveOptions } from './curve-layers.js';
import { toSeries, type RunsInput } from './series.js';
import { asSpec, emptySpec, header, type PlotOptions } from './spec.js';
import { hasNoRows } from './rows.js';

/** Options of {@link lossCurve}. */
export interface LossCurveOptions extends CurveOptions, PlotOptions {
  /** Column with the plotted value (default `'loss'`). */
  readonly y?: string;
  /** y axis title (default: the `y` column name). */
  readonly yTitle?: string;
}

/**
 * A loss (or any metric) against training step, one line per run, overlaid.
 *
 * Rows whose `y` is missing are skipped (a metric logged every k-th step); each run is sorted by
 * `x`. With `smoothing > 0` the raw curve is drawn faintly behind its bias-corrected exponential
 * moving average (see {@link smoothEma}).
 *
 * @param runs - one table of rows (runs told apart by the `color` column), an array of
 *   `{ name, rows }`, or `{ [name]: rows }`. Rows may be an arquero table (anything with `objects()`).
 * @param options - `x` (default `'step'`), `y` (default `'loss'`), `color` (default `'run'`),
 *   `points` (default false: mark every row), `smoothing` (default 0), `logY` (default false), `xTitle`/`yTitle` (default: the column
 *   names), `title`, `width` (default 400), `height` (default 250).
 * @returns a Vega-Lite v6 spec (layered lines; plain JSON, no data URLs).
 *   With no rows at all (a run that has not logged yet) it is a frame that says "no data".
 * @throws PlotError when an `x`/`y` value is not a finite number
 *   (or not positive under `logY`).
 *
 * @example
 * ```ts
 * const spec = lossCurve(
 *   [{ name: 'sgd', rows: sgdLog }, { name: 'adam', rows: adamLog }],
 *   { smoothing: 0.6, logY: true, title: 'Training loss' },
 * );
 * // in a notebook cell: vl.render({ spec }); in Node: await renderSvg(spec)
 * ```
 */
export function lossCurve(runs: RunsInput, options: LossCurveOptions = {}): TopLevelSpec {
  const where = 'lossCurve';
  if (hasNoRows(runs)) return emptySpec(options, 400, 250);
  const x = options.x ?? 'step';
  const y = options.y ?? 'loss';
  const series = toSeries(where, runs, options.color ?? 'run');
  const values = curveRows(where, series, x, y, options);
  return asSpec({
    ...header(options, 400, 250),
    data: { values },
    layer: curveLayers(series, options, options.xTitle ?? x, options.yTitle ?? y),
  });
}
