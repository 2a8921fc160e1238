import type { TopLevelSpec } from 'vega-lite';
import { colorDomain } from './color-domain.js';
import { contourSegments } from './contours.js';
import { toExtent, toGrid, type Extent, type GridInput } from './grid.js';
import { planeCells } from './grid-cells.js';
import { colorEncoding, seamless } from './heatmap.js';
import { PlotError } from './plot-error.js';
import { describe, toRows, type RowsInput } from './rows.js';
import { asSpec, header, round6, type PlotOptions } from './spec.js';

/** Data of {@link decisionBoundary}. */
export interface DecisionBoundaryInput {
  /**
   * The classifier's score on a grid over the plane, e.g. P(class 1). Row `i` lies at
   * `y_i = y0 + i (y1 - y0) / (height - 1)` (row 0 at the BOTTOM), column `j` at
   * `x_j = x0 + j (x1 - x0) / (width - 1)`: fill it by looping over `y` outside `x`.
   */
  readonly grid: GridInput;
  /** The plane the grid covers (default `x: [0, width - 1], y: [0, height - 1]`). */
  readonly extent?: Extent;
  /** Data points to draw on top, coloured by label (optional). */
  readonly points?: RowsInput;
}

/** Options of {@link decisionBoundary}. */
export interface DecisionBoundaryOptions extends PlotOptions {
  /** Column of `points` with the x coordinate (default `'x'`). */
  readonly x?: string;
  /** Column of `points` with the y coordinate (default `'y'`). */
  readonly y?: string;
  /** Column of `points` with the class label (default `'label'`). */
  readonly label?: string;
  /** Score at which the boundary line is drawn (default 0.5); `null` draws none. */
  readonly level?: number | null;
  /** Colour scheme of the score (default `'redblue'`: low red, high blue, matching label 0 red / 1 blue). */
  readonly colorScheme?: string;
  /** Colour domain of the score (default `[0, 1]` when all scores are in it, else their range). */
  readonly domain?: readonly [number, number];
  /** Legend title of the score (default `'score'`). */
  readonly valueTitle?: string;
  /** Axis titles (default `'x'`, `'y'`: the column names). */
  readonly xTitle?: string;
  readonly yTitle?: string;
}

/**
 * A 2-D classifier's decision regions: its score over a grid as a background heat map, the
 * level-`level` contour as the boundary line, and the data points coloured by class.
 *
 * @param input - `{ grid, extent?, points? }`; see {@link DecisionBoundaryInput}.
 * @param options - `x`/`y`/`label` columns of the points (default `'x'`, `'y'`, `'label'`),
 *   `level` (default 0.5), `colorScheme` (default `'redblue'`), `domain` (default `[0, 1]` for
 *   probabilities), `valueTitle` (default `'score'`), `title`, `width`/`height` (default 320).
 * @returns a Vega-Lite v6 layered spec (rect cells, rule segments, circle points).
 * @throws PlotError on a bad grid or extent, or points with non-finite coordinates.
 *
 * @example
 * ```ts
 * const xs = linspace(-2, 2, 41);
 * const grid = xs.map((y) => xs.map((x) => predict([x, y])));     // rows go up in y
 * decisionBoundary({ grid, extent: { x: [-2, 2], y: [-2, 2] }, points: moons });
 * ```
 */
export function decisionBoundary(input: DecisionBoundaryInput, options: DecisionBoundaryOptions = {}): TopLevelSpec {
  const where = 'decisionBoundary';
  if (typeof input !== 'object' || input === null || !('grid' in input)) {
    throw new PlotError(where, 'input must be { grid, extent?, points? }');
  }
  const grid = toGrid(where, 'grid', input.grid);
  const extent = toExtent(where, grid, input.extent);
  const level = options.level === undefined ? 0.5 : options.level;
  const [lo, hi] = colorDomain(where, grid.values, {});
  const domain = options.domain ?? (lo >= 0 && hi <= 1 ? [0, 1] : [lo, hi]);
  const x = { field: 'x', type: 'quantitative', title: options.xTitle ?? options.x ?? 'x', scale: { domain: [...extent.x], nice: false, zero: false } };
  const y = { field: 'y', type: 'quantitative', title: options.yTitle ?? options.y ?? 'y', scale: { domain: [...extent.y], nice: false, zero: false } };
  const layer: Record<string, unknown>[] = [
    {
      data: { values: planeCells(grid, extent) },
      mark: { type: 'rect', clip: true, aria: false, strokeWidth: 0.5 },
      encoding: {
        x, x2: { field: 'x2' }, y, y2: { field: 'y2' },
        ...seamless(colorEncoding(where, grid.values, { colorScheme: options.colorScheme ?? 'redblue', domain: domain as [number, number] }, options.valueTitle ?? 'score'), true),
      },
    },
  ];
  if (level !== null) {
    const segments = contourSegments(grid, [level], extent).map(roundSegment);
    if (segments.length > 0) {
      layer.push({
        data: { values: segments },
        mark: { type: 'rule', color: 'black', strokeWidth: 1.5, clip: true, aria: false },
        encoding: { x: { ...x, field: 'x1' }, y: { ...y, field: 'y1' }, x2: { field: 'x2' }, y2: { field: 'y2' } },
      });
    }
  }
  if (input.points !== undefined) {
    const px = options.x ?? 'x';
    const py = options.y ?? 'y';
    const pl = options.label ?? 'label';
    const points = toRows(where, 'points', input.points).map((row, i) => {
      const [a, b] = [row[px], row[py]];
      if (typeof a !== 'number' || !Number.isFinite(a) || typeof b !== 'number' || !Number.isFinite(b)) {
        throw new PlotError(where, `points row ${i}: ("${px}", "${py}") = (${describe(a)}, ${describe(b)}), expected finite numbers; pass { x, y } options naming the coordinate columns`);
      }
      return { x: round6(a), y: round6(b), label: String(row[pl] ?? '') };
    });
    layer.push({
      data: { values: points },
      mark: { type: 'circle', size: 40, stroke: 'black', strokeWidth: 0.6, opacity: 1, clip: true },
      encoding: { x, y, color: { field: 'label', type: 'nominal', title: pl, scale: { scheme: 'set1' } } },
    });
  }
  return asSpec({
    ...header(options, 320, 320),
    layer,
    resolve: { scale: { color: 'independent' } },
  });
}

/** Rounds a contour segment's coordinates (internal). */
export function roundSegment(s: { level: number; x1: number; y1: number; x2: number; y2: number }) {
  return { level: round6(s.level), x1: round6(s.x1), y1: round6(s.y1), x2: round6(s.x2), y2: round6(s.y2) };
}
