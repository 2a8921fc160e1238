import type { TopLevelSpec } from 'vega-lite';
import { seriesColorScale } from './series-colors.js';
import { contourSegments } from './contours.js';
import { roundSegment } from './decision-boundary.js';
import { toExtent, toGrid, valueRange, type Extent, type GridInput } from './grid.js';
import { planeCells } from './grid-cells.js';
import { seamless } from './heatmap.js';
import { PlotError } from './plot-error.js';
import { describe } from './rows.js';
import { asSpec, header, round6, type PlotOptions } from './spec.js';

/** An optimizer's path over the landscape: `points[k] = [x, y]` after step k. */
export interface Trajectory {
  readonly name: string;
  readonly points: readonly (readonly number[])[];
}

/** Data of {@link lossLandscape}. */
export interface LossLandscapeInput {
  /**
   * Loss on a grid over the plane: row `i` at `y_i` (row 0 at the BOTTOM), column `j` at `x_j`,
   * evenly spaced over `extent` (fill it by looping over `y` outside `x`).
   */
  readonly grid: GridInput;
  /** The plane the grid covers (default `x: [0, width - 1], y: [0, height - 1]`). */
  readonly extent?: Extent;
  /** Optimizer paths to draw on top (default none). */
  readonly trajectories?: readonly Trajectory[];
}

/** Options of {@link lossLandscape}. */
export interface LossLandscapeOptions extends PlotOptions {
  /** Contour levels: a count of evenly spaced levels (log-spaced under `logColor`), or the values (default 10). */
  readonly levels?: number | readonly number[];
  /** Logarithmic colour scale and level spacing; all losses must be positive (default false). */
  readonly logColor?: boolean;
  /** Colour scheme of the loss (default `'viridis'`). */
  readonly colorScheme?: string;
  /** Legend title of the loss (default `'loss'`). */
  readonly valueTitle?: string;
  /** Axis titles (default `'x'`, `'y'`; e.g. `'direction 1'`). */
  readonly xTitle?: string;
  readonly yTitle?: string;
}

/**
 * A 2-D loss landscape with optimizer trajectories: the loss over a grid as a heat map, its
 * contour lines, and each optimizer's path as a line (a dot marks the start, a square the end).
 * For a 2-parameter problem (Rosenbrock, Beale) or a 2-D slice of a network's loss along two
 * (filter-normalized) directions.
 *
 * @param input - `{ grid, extent?, trajectories? }`; see {@link LossLandscapeInput}.
 * @param options - `levels` (default 10), `logColor` (default false), `colorScheme` (default
 *   `'viridis'`), `valueTitle` (default `'loss'`), `xTitle`/`yTitle`, `title`, `width`/`height`
 *   (default 360).
 * @returns a Vega-Lite v6 layered spec (rect cells, rule contour segments, trajectory lines,
 *   start/end points).
 * @throws PlotError on a bad grid or extent, non-positive losses under `logColor`, or a
 *   trajectory point that is not a finite `[x, y]` pair.
 *
 * @example
 * ```ts
 * lossLandscape(
 *   { grid: rosenbrockGrid, extent: { x: [-2, 2], y: [-1, 3] },
 *     trajectories: [{ name: 'adam', points: adamPath }, { name: 'sgd', points: sgdPath }] },
 *   { logColor: true, levels: 12, title: 'Rosenbrock' },
 * );
 * ```
 * @see Li et al. (2018), Visualizing the Loss Landscape of Neural Nets.
 */
export function lossLandscape(input: LossLandscapeInput, options: LossLandscapeOptions = {}): TopLevelSpec {
  const where = 'lossLandscape';
  if (typeof input !== 'object' || input === null || !('grid' in input)) {
    throw new PlotError(where, 'input must be { grid, extent?, trajectories? }');
  }
  const grid = toGrid(where, 'grid', input.grid);
  const extent = toExtent(where, grid, input.extent);
  const [lo, hi] = valueRange(grid.values);
  if (options.logColor && !(lo > 0)) {
    throw new PlotError(where, `logColor needs positive losses, but the grid's smallest value is ${lo}; drop logColor or add a constant`);
  }
  const levels = contourLevels(where, options.levels ?? 10, lo, hi, options.logColor ?? false);
  const x = { field: 'x', type: 'quantitative', title: options.xTitle ?? 'x', scale: { domain: [...extent.x], nice: false, zero: false } };
  const y = { field: 'y', type: 'quantitative', title: options.yTitle ?? 'y', scale: { domain: [...extent.y], nice: false, zero: false } };
  const layer: Record<string, unknown>[] = [
    {
      data: { values: planeCells(grid, extent) },
      mark: { type: 'rect', clip: true, aria: false, strokeWidth: 0.5 },
      encoding: {
        x, x2: { field: 'x2' }, y, y2: { field: 'y2' },
        ...seamless({
          field: 'v', type: 'quantitative', title: options.valueTitle ?? 'loss',
          scale: { scheme: options.colorScheme ?? 'viridis', ...(options.logColor ? { type: 'log' } : { zero: false }) },
        }, true),
      },
    },
  ];
  const segments = contourSegments(grid, levels, extent).map(roundSegment);
  if (segments.length > 0) {
    layer.push({
      data: { values: segments },
      mark: { type: 'rule', color: 'white', opacity: 0.6, strokeWidth: 1, clip: true, aria: false },
      encoding: { x: { ...x, field: 'x1' }, y: { ...y, field: 'y1' }, x2: { field: 'x2' }, y2: { field: 'y2' } },
    });
  }
  const trajectories = input.trajectories ?? [];
  if (trajectories.length > 0) {
    const rows: { name: string; k: number; x: number; y: number }[] = [];
    const ends: { name: string; end: string; x: number; y: number }[] = [];
    trajectories.forEach((t, n) => {
      if (typeof t !== 'object' || t === null || !Array.isArray(t.points) || t.points.length === 0) {
        throw new PlotError(where, `trajectories[${n}] must be { name, points: [x, y][] } with at least one point, received ${describe(t)}`);
      }
      const name = String(t.name ?? `path ${n}`);
      t.points.forEach((p, k) => {
        if (!Array.isArray(p) || p.length !== 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
          throw new PlotError(where, `trajectories[${n}] ("${name}") point ${k} is ${describe(p)}, expected a finite [x, y] pair; stop plotting at a diverged step`);
        }
        rows.push({ name, k, x: round6(p[0]), y: round6(p[1]) });
      });
      const first = t.points[0];
      const last = t.points[t.points.length - 1];
      ends.push({ name, end: 'start', x: round6(first[0]), y: round6(first[1]) });
      ends.push({ name, end: 'end', x: round6(last[0]), y: round6(last[1]) });
    });
    const names = trajectories.map((t, n) => String(t.name ?? `path ${n}`));
    const color = { field: 'name', type: 'nominal', title: 'optimizer', sort: names, scale: seriesColorScale(names.length) };
    layer.push({
      data: { values: rows },
      mark: { type: 'line', strokeWidth: 2, clip: true },
      encoding: { x, y, order: { field: 'k', type: 'quantitative' }, color },
    });
    layer.push({
      data: { values: ends },
      mark: { type: 'point', filled: true, size: 60, stroke: 'white', strokeWidth: 1, clip: true },
      encoding: {
        x, y, color: { ...color, legend: null },
        shape: { field: 'end', type: 'nominal', title: null, sort: ['start', 'end'], scale: { domain: ['start', 'end'], range: ['circle', 'square'] } },
      },
    });
  }
  return asSpec({
    ...header(options, 360, 360),
    layer,
    resolve: { scale: { color: 'independent' } },
  });
}

/** Contour levels from a count or a list (internal). */
function contourLevels(where: string, levels: number | readonly number[], lo: number, hi: number, log: boolean): number[] {
  if (Array.isArray(levels)) {
    levels.forEach((l, k) => {
      if (!Number.isFinite(l)) throw new PlotError(where, `levels[${k}] is ${describe(l)}, expected a finite number`);
    });
    return [...levels];
  }
  const n = levels as number;
  if (!Number.isInteger(n) || n < 0) throw new PlotError(where, `levels must be a non-negative integer or an array of values, received ${describe(n)}`);
  if (!(hi > lo)) return [];
  return Array.from({ length: n }, (_, k) => {
    const t = (k + 1) / (n + 1);
    return log ? lo * Math.pow(hi / lo, t) : lo + (hi - lo) * t;
  });
}
