import type { TopLevelSpec } from 'vega-lite';
import { seriesColorScale } from './series-colors.js';
import { PlotError } from './plot-error.js';
import { describe, hasNoRows, toRows, type RowsInput } from './rows.js';
import { asSpec, emptySpec, header, round6, type PlotOptions } from './spec.js';

/** Options of {@link barChart}. */
export interface BarChartOptions extends PlotOptions {
  /** Column with the category on the bar axis (default `'name'`). */
  readonly x?: string;
  /** Column with the bar length (default `'value'`). */
  readonly y?: string;
  /** Column splitting each category into side-by-side bars (default none). */
  readonly color?: string;
  /** Column with a ± error (e.g. the standard deviation over seeds) drawn as a whisker (default none). */
  readonly error?: string;
  /** Horizontal bars (default false). */
  readonly horizontal?: boolean;
  /** Axis titles (default: the column names). */
  readonly xTitle?: string;
  readonly yTitle?: string;
}

/**
 * A bar chart of metrics per category, e.g. test accuracy per method, grouped by a second
 * column (dataset, seed) and with optional error whiskers. Categories keep their first-seen
 * order.
 *
 * @param rows - row objects or a table with `objects()`.
 * @param options - `x` (default `'name'`), `y` (default `'value'`), `color` (default none),
 *   `error` (default none), `horizontal` (default false), `xTitle`/`yTitle`, `title`, `width`
 *   (default 360), `height` (default 240).
 * @returns a Vega-Lite v6 spec of bars (layered with rules when `error` is set).
 *   With no rows it is a frame that says "no data".
 * @throws PlotError on a non-finite value/error.
 *
 * @example
 * ```ts
 * barChart(
 *   [{ method: 'sgd', acc: 0.91, sd: 0.01 }, { method: 'adam', acc: 0.95, sd: 0.004 }],
 *   { x: 'method', y: 'acc', error: 'sd', yTitle: 'test accuracy' },
 * );
 * ```
 */
export function barChart(rows: RowsInput, options: BarChartOptions = {}): TopLevelSpec {
  const where = 'barChart';
  if (hasNoRows(rows)) return emptySpec(options, 360, 240);
  const fx = options.x ?? 'name';
  const fy = options.y ?? 'value';
  const data = toRows(where, 'rows', rows).map((row, i) => {
    const v = row[fy];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new PlotError(where, `row ${i}: "${fy}" is ${describe(v)}, expected a finite number; pass { y: '<column>' } (row keys: ${Object.keys(row).join(', ')})`);
    }
    const out: Record<string, string | number> = { c: String(row[fx] ?? ''), v: round6(v) };
    if (options.color !== undefined) out.g = String(row[options.color] ?? '');
    if (options.error !== undefined) {
      const e = row[options.error];
      if (typeof e !== 'number' || !Number.isFinite(e)) throw new PlotError(where, `row ${i}: error "${options.error}" is ${describe(e)}, expected a finite number`);
      out.lo = round6(v - Math.abs(e));
      out.hi = round6(v + Math.abs(e));
    }
    return out;
  });
  const categories = [...new Set(data.map((d) => d.c as string))];
  const groups = options.color !== undefined ? [...new Set(data.map((d) => d.g as string))] : [];
  const [band, value, offset] = options.horizontal ? ['y', 'x', 'yOffset'] : ['x', 'y', 'xOffset'];
  const bandEnc = { field: 'c', type: 'nominal', sort: categories, title: options.xTitle ?? fx, ...(options.horizontal ? {} : { axis: { labelAngle: 0 } }) };
  const grouping = options.color !== undefined
    ? { [offset]: { field: 'g', type: 'nominal', sort: groups }, color: { field: 'g', type: 'nominal', sort: groups, title: options.color, scale: seriesColorScale(groups.length) } }
    : {};
  const layer: Record<string, unknown>[] = [
    {
      mark: { type: 'bar' },
      encoding: { [band]: bandEnc, [value]: { field: 'v', type: 'quantitative', title: options.yTitle ?? fy }, ...grouping },
    },
  ];
  if (options.error !== undefined) {
    const { color: _color, ...offsetOnly } = grouping as Record<string, unknown>;
    layer.push({
      mark: { type: 'rule', color: 'black' },
      encoding: {
        [band]: bandEnc,
        [value]: { field: 'lo', type: 'quantitative', title: options.yTitle ?? fy },
        [`${value}2`]: { field: 'hi' },
        ...offsetOnly,
      },
    });
  }
  return asSpec({ ...header(options, 360, 240), data: { values: data }, layer });
}
