import { PlotError } from './plot-error.js';
import { seriesColorScale } from './series-colors.js';
import { curvePoints, type Series } from './series.js';
import { smoothEma } from './smooth-ema.js';
import { round6 } from './spec.js';

/** Options shared by {@link lossCurve} and {@link metricCurves}. */
export interface CurveOptions {
  /** Column with the x value (default `'step'`). */
  readonly x?: string;
  /** Column telling runs apart when all runs are in one table (default `'run'`). */
  readonly color?: string;
  /**
   * TensorBoard-style smoothing weight in `[0, 1)` (default 0: none). When positive the raw
   * curve is drawn faintly behind the smoothed one. See {@link smoothEma}.
   */
  readonly smoothing?: number;
  /** Logarithmic y axis (default false); every plotted value must then be positive. */
  readonly logY?: boolean;
  /** x axis title (default: the `x` column name). */
  readonly xTitle?: string;
  /**
   * Mark every row with a point (default false). For few rows, such as one row per model size,
   * where a line alone hides where the measurements are; a run of one row shows only with points.
   */
  readonly points?: boolean;
}

/** A flat data row of a curve plot (internal). */
export interface CurveRow {
  x: number;
  y: number;
  s?: number;
  run?: string;
  metric?: string;
}

/** Points of every series for column `y`, smoothed if asked (internal). */
export function curveRows(where: string, series: readonly Series[], x: string, y: string, options: CurveOptions): CurveRow[] {
  const smoothing = options.smoothing ?? 0;
  if (!(smoothing >= 0 && smoothing < 1)) {
    throw new PlotError(where, `smoothing must be in [0, 1), received ${smoothing}; 0 turns it off, 0.6–0.9 is typical`);
  }
  const out: CurveRow[] = [];
  for (const s of series) {
    const points = curvePoints(where, s, x, y);
    const smooth = smoothing > 0 ? smoothEma(points.map((p) => p.y), smoothing) : undefined;
    points.forEach((p, k) => {
      if (options.logY && !(p.y > 0)) {
        throw new PlotError(where, `logY needs positive values, but ${s.name === undefined ? 'a row' : `run ${JSON.stringify(s.name)}`} has ${y} = ${p.y} at ${x} = ${p.x}; drop logY or shift the values`);
      }
      const row: CurveRow = { x: p.x, y: round6(p.y) };
      if (smooth) row.s = round6(smooth[k]);
      if (s.name !== undefined) row.run = s.name;
      out.push(row);
    });
  }
  return out;
}

/** The line layers of a curve plot: raw (faint if smoothed) and smoothed (internal). */
export function curveLayers(
  series: readonly Series[],
  options: CurveOptions,
  xTitle: string,
  yTitle: string | null,
): Record<string, unknown>[] {
  const named = series.filter((s) => s.name !== undefined).map((s) => s.name as string);
  const color = named.length > 0
    ? { color: { field: 'run', type: 'nominal', sort: named, title: options.color ?? 'run', scale: seriesColorScale(named.length) } }
    : {};
  const x = { field: 'x', type: 'quantitative', title: xTitle, scale: { zero: false, nice: false } };
  const yScale = options.logY ? { type: 'log' } : { zero: false };
  const smoothed = (options.smoothing ?? 0) > 0;
  const layers: Record<string, unknown>[] = [
    {
      mark: { type: 'line', ...(smoothed ? { opacity: 0.25 } : {}) },
      encoding: { x, y: { field: 'y', type: 'quantitative', title: yTitle, scale: yScale }, ...color },
    },
  ];
  if (smoothed) {
    layers.push({
      mark: { type: 'line' },
      encoding: { x, y: { field: 's', type: 'quantitative', title: yTitle, scale: yScale }, ...color },
    });
  }
  if (options.points) {
    layers.push({
      mark: { type: 'point', filled: true, size: 50 },
      encoding: { x, y: { field: 'y', type: 'quantitative', title: yTitle, scale: yScale }, ...color },
    });
  }
  return layers;
}
