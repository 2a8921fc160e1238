import pngjs from 'pngjs';
import { scheme } from 'vega';
import { colorDomain, schemeName, type ColorOptions } from '../color-domain.js';
import { toGrid, type GridInput } from '../grid.js';
import { PlotError } from '../plot-error.js';

/** Options of {@link heatmapPng}. */
export interface HeatmapPngOptions extends ColorOptions {
  /** Pixels per grid cell along each side (default 1; 8 makes a 28 × 28 map 224 × 224). */
  readonly scale?: number;
}

/**
 * A grid of numbers as PNG bytes: each cell a `scale × scale` block coloured by the same Vega
 * colour scheme and domain rules as {@link heatmap}, row 0 at the top. For static reports and
 * files, where an SVG of many thousand rectangles would be heavy.
 *
 * @param grid - `number[][]` or `{ width, height, values }` row-major.
 * @param options - `colorScheme` (default `'viridis'`, or `'blueorange'` when `diverging`; must
 *   be a continuous Vega scheme), `diverging` (default false), `domain` (default: the data's
 *   range), `reverseScheme` (default false), `scale` (default 1).
 * @returns the PNG file's bytes (8-bit RGBA).
 * @throws PlotError on a bad grid, an unknown or discrete scheme, or a bad `scale`.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('saliency.png', heatmapPng(saliency, { diverging: true, scale: 8 }));
 * ```
 */
export function heatmapPng(grid: GridInput, options: HeatmapPngOptions = {}): Uint8Array {
  const where = 'heatmapPng';
  const g = toGrid(where, 'grid', grid);
  const k = options.scale ?? 1;
  if (!Number.isInteger(k) || k < 1 || k > 64) throw new PlotError(where, `scale must be an integer in [1, 64], received ${k}`);
  const lut = colorTable(where, schemeName(options), options.reverseScheme ?? false);
  const [lo, hi] = colorDomain(where, g.values, options);
  const png = new pngjs.PNG({ width: g.width * k, height: g.height * k, colorType: 6 });
  const stride = g.width * k * 4;
  for (let r = 0; r < g.height; r++) {
    for (let c = 0; c < g.width; c++) {
      const t = Math.min(1, Math.max(0, (g.values[r * g.width + c] - lo) / (hi - lo)));
      const base = Math.round(t * 255) * 3;
      for (let dy = 0; dy < k; dy++) {
        let p = (r * k + dy) * stride + c * k * 4;
        for (let dx = 0; dx < k; dx++, p += 4) {
          png.data[p] = lut[base];
          png.data[p + 1] = lut[base + 1];
          png.data[p + 2] = lut[base + 2];
          png.data[p + 3] = 255;
        }
      }
    }
  }
  return new Uint8Array(pngjs.PNG.sync.write(png));
}

/** 256 RGB triples sampled from a continuous Vega scheme (internal). */
function colorTable(where: string, name: string, reverse: boolean): Uint8Array {
  const interpolate: unknown = scheme(name);
  if (typeof interpolate !== 'function') {
    throw new PlotError(where, `colorScheme "${name}" is ${interpolate === undefined ? 'not a Vega scheme' : 'a discrete scheme'}; use a continuous one such as 'viridis', 'greys', 'reds' or 'blueorange'`);
  }
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const rgb = parseColor(String((interpolate as (t: number) => unknown)(reverse ? 1 - i / 255 : i / 255)));
    lut.set(rgb, i * 3);
  }
  return lut;
}

/** `rgb(r, g, b)` or `#rrggbb` to bytes (internal). */
export function parseColor(css: string): [number, number, number] {
  const m = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)/.exec(css);
  if (m) return [Math.round(+m[1]), Math.round(+m[2]), Math.round(+m[3])];
  const h = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(css);
  if (h) return [parseInt(h[1], 16), parseInt(h[2], 16), parseInt(h[3], 16)];
  throw new PlotError('heatmapPng', `cannot read colour ${JSON.stringify(css)} from the scheme`);
}
