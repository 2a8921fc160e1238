import type { TopLevelSpec } from 'vega-lite';
import { colorDomain, schemeName, type ColorOptions } from './color-domain.js';
import { toGrid, type GridInput } from './grid.js';
import { imageCells } from './grid-cells.js';
import { asSpec, header, type PlotOptions } from './spec.js';

/** Options of {@link heatmap}. */
export interface HeatmapOptions extends ColorOptions, PlotOptions {
  /** Show row/column axes (default false: an image needs none). */
  readonly axes?: boolean;
  /** Title of the colour legend (default `'value'`); `null` hides the legend. */
  readonly legendTitle?: string | null;
}

/**
 * A grid of numbers as coloured cells, laid out like an image: row 0 at the top, column 0 at
 * the left. For saliency maps, class activation maps, weight masks, confusion matrices.
 *
 * @param grid - `number[][]` (rows) or `{ width, height, values }` row-major, e.g.
 *   `{ width: 28, height: 28, values: saliency.dataSync() }`.
 * @param options - `colorScheme` (default `'viridis'`, or `'blueorange'` when `diverging`),
 *   `diverging` (default false: symmetric domain about 0 for signed attributions), `domain`
 *   (default: the data's range), `reverseScheme` (default false), `axes` (default false),
 *   `legendTitle` (default `'value'`), `title`, `width`/`height` (default: 280 on the longer
 *   side, keeping square cells).
 * @returns a Vega-Lite v6 spec of `rect` marks.
 * @throws PlotError on an empty or ragged grid, or a non-finite value, e.g.
 *   `heatmap: grid row 3 has 27 values, expected 28; …`.
 *
 * @example
 * ```ts
 * heatmap(saliency, { diverging: true, title: 'Integrated gradients, digit 7' });
 * ```
 */
export function heatmap(grid: GridInput, options: HeatmapOptions = {}): TopLevelSpec {
  const where = 'heatmap';
  const g = toGrid(where, 'grid', grid);
  const [w, h] = cellSize(g.width, g.height);
  const axes = options.axes ?? false;
  return asSpec({
    ...header(options, w, h),
    data: { values: imageCells(g) },
    // one layer, so the seam-hiding stroke can keep its legend off without a merge conflict
    layer: [
      {
        mark: { type: 'rect', aria: false, strokeWidth: 0.5 },
        encoding: {
          x: { field: 'x', type: 'quantitative', scale: { domain: [0, g.width], nice: false, zero: false }, axis: axes ? { title: 'column' } : null },
          x2: { field: 'x2' },
          y: { field: 'y', type: 'quantitative', scale: { domain: [0, g.height], nice: false, zero: false, reverse: true }, axis: axes ? { title: 'row' } : null },
          y2: { field: 'y2' },
          ...seamless(colorEncoding(where, g.values, options, options.legendTitle === undefined ? 'value' : options.legendTitle), true),
        },
      },
    ],
    resolve: { scale: { color: 'independent' } },
    config: { view: { stroke: null } },
  });
}

/** Default plot size keeping cells square, 280 px on the longer side (internal). */
export function cellSize(width: number, height: number, side = 280): [number, number] {
  return width >= height ? [side, Math.max(1, Math.round((side * height) / width))] : [Math.max(1, Math.round((side * width) / height)), side];
}

/** A quantitative colour encoding of field `v` (internal). */
export function colorEncoding(where: string, values: ArrayLike<number>, options: ColorOptions, legendTitle: string | null): Record<string, unknown> {
  const domain = colorDomain(where, values, options);
  return {
    field: 'v',
    type: 'quantitative',
    scale: {
      scheme: schemeName(options),
      domain,
      ...(options.diverging && options.domain === undefined ? { domainMid: 0 } : {}),
      ...(options.reverseScheme ? { reverse: true } : {}),
      clamp: true,
    },
    legend: legendTitle === null ? null : { title: legendTitle },
  };
}

/**
 * Colour cells by fill and by a thin stroke of the same colour (internal), so anti-aliasing does
 * not leave hairline seams between adjacent rectangles in browsers. In a single view Vega-Lite
 * merges the two legends; in a layer with independent colour scales (`layered`) the stroke's
 * legend is hidden instead.
 */
export function seamless(color: Record<string, unknown>, layered = false): { color: Record<string, unknown>; stroke: Record<string, unknown> } {
  return { color, stroke: layered ? { ...color, legend: null } : { ...color } };
}
