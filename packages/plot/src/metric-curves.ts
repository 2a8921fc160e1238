import type { TopLevelSpec } from 'vega-lite';
import { curveLayers, curveRows, type CurveOptions, type CurveRow } from './curve-layers.js';
import { PlotError } from './plot-error.js';
import { toSeries, type RunsInput } from './series.js';
import { asSpec, emptySpec, VEGA_LITE_SCHEMA, type PlotOptions } from './spec.js';
import { hasNoRows } from './rows.js';

/** Options of {@link metricCurves}. */
export interface MetricCurvesOptions extends CurveOptions, PlotOptions {
  /** The columns to plot, one panel each, in this order (required, e.g. `['loss', 'accuracy']`). */
  readonly metrics: readonly string[];
  /** Panels per row (default: all in one row, at most 3). */
  readonly columns?: number;
}

/**
 * Several metrics of several runs: one small panel per metric, each with its own y scale,
 * runs overlaid and coloured alike in every panel.
 *
 * @param runs - as for {@link lossCurve}: one table (runs told apart by the `color` column),
 *   `{ name, rows }[]`, or `{ [name]: rows }`.
 * @param options - `metrics` (required), `x` (default `'step'`), `color` (default `'run'`),
 *   `smoothing` (default 0), `logY` (default false, all panels), `columns` (default
 *   `min(3, metrics.length)`), `title`, and the size of each panel: `width` (default 260),
 *   `height` (default 180).
 * @returns a Vega-Lite v6 faceted spec.
 *   With no rows at all (a run that has not logged yet) it is a frame that says "no data".
 * @throws PlotError when `metrics` is empty or a metric has no numeric value in any row.
 *
 * @example
 * ```ts
 * metricCurves(runLog, { metrics: ['loss', 'accuracy', 'gradNorm'], smoothing: 0.8 });
 * ```
 */
export function metricCurves(runs: RunsInput, options: MetricCurvesOptions): TopLevelSpec {
  const where = 'metricCurves';
  const metrics = options?.metrics;
  if (!Array.isArray(metrics) || metrics.length === 0) {
    throw new PlotError(where, "options.metrics must name at least one column, e.g. { metrics: ['loss', 'accuracy'] }");
  }
  const x = options.x ?? 'step';
  if (hasNoRows(runs)) return emptySpec(options, options.width ?? 260, options.height ?? 180);
  const series = toSeries(where, runs, options.color ?? 'run');
  const values: CurveRow[] = [];
  for (const metric of metrics) {
    const rows = curveRows(where, series, x, metric, options);
    if (rows.length === 0) {
      const keys = [...new Set(series.flatMap((s) => s.rows.slice(0, 5).flatMap((r) => Object.keys(r))))];
      throw new PlotError(where, `no row has a value for metric "${metric}"; columns seen: ${keys.join(', ')}`);
    }
    for (const r of rows) values.push({ ...r, metric });
  }
  return asSpec({
    $schema: VEGA_LITE_SCHEMA,
    ...(options.title !== undefined ? { title: { text: String(options.title) } } : {}),
    data: { values },
    facet: { field: 'metric', type: 'nominal', sort: [...metrics], title: null },
    columns: options.columns ?? Math.min(3, metrics.length),
    spec: {
      width: options.width ?? 260,
      height: options.height ?? 180,
      layer: curveLayers(series, options, options.xTitle ?? x, null),
    },
    resolve: { scale: { y: 'independent' } },
  });
}
