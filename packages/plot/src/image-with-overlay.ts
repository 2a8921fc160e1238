import type { TopLevelSpec } from 'vega-lite';
import { colorDomain } from './color-domain.js';
import { toGrid, type GridInput } from './grid.js';
import { imageCells } from './grid-cells.js';
import { cellSize, colorEncoding, seamless } from './heatmap.js';
import { PlotError } from './plot-error.js';
import { asSpec, header, round6, type PlotOptions } from './spec.js';

/** The two grids of {@link imageWithOverlay}. */
export interface ImageWithOverlayInput {
  /** The picture, e.g. an MNIST digit (28 × 28, values in [0, 1]). */
  readonly image: GridInput;
  /**
   * The map laid over it: same size as the image, or coarser (a 7 × 7 Grad-CAM over 28 × 28),
   * in which case each overlay cell covers `image / overlay` pixels (nearest neighbour).
   */
  readonly overlay: GridInput;
}

/** Options of {@link imageWithOverlay}. */
export interface ImageWithOverlayOptions extends PlotOptions {
  /** Colour scheme of the image (default `'greys'`: 0 light, 1 dark). */
  readonly imageScheme?: string;
  /** Colour domain of the image (default: its range). */
  readonly imageDomain?: readonly [number, number];
  /** Colour scheme of the overlay (default `'reds'`, or `'blueorange'` when `diverging`). */
  readonly overlayScheme?: string;
  /** Signed overlay: symmetric colour domain about 0, opacity grows with |value| (default false). */
  readonly diverging?: boolean;
  /** Colour domain of the overlay (default: its range, or `[-m, m]` when `diverging`). */
  readonly overlayDomain?: readonly [number, number];
  /** Opacity of the strongest overlay cell; weaker cells fade linearly to transparent (default 0.7). */
  readonly opacity?: number;
  /** Title of the overlay's colour legend (default `'attribution'`); `null` hides it. */
  readonly legendTitle?: string | null;
}

/**
 * An image with a heat map laid over it: saliency, integrated gradients or a class activation
 * map on the input it explains. Two layered `rect` heat maps with independent colour scales;
 * the overlay's opacity grows with its magnitude so the image shows through where the map is ~0.
 *
 * @param input - `{ image, overlay }`; see {@link ImageWithOverlayInput}. The image's size must be
 *   a whole multiple of the overlay's.
 * @param options - `imageScheme` (default `'greys'`), `overlayScheme` (default `'reds'`, or
 *   `'blueorange'` when `diverging`), `diverging` (default false), `imageDomain`/`overlayDomain`
 *   (default: their ranges), `opacity` (default 0.7), `legendTitle` (default `'attribution'`),
 *   `title`, `width`/`height` (default 280 on the longer side).
 * @returns a Vega-Lite v6 layered spec.
 * @throws PlotError on bad grids or when the image size is not a multiple of the overlay size.
 *
 * @example
 * ```ts
 * imageWithOverlay({ image: digit, overlay: gradCam7x7 }, { title: 'Grad-CAM, class 3' });
 * ```
 * @see Selvaraju et al. (2017), Grad-CAM.
 */
export function imageWithOverlay(input: ImageWithOverlayInput, options: ImageWithOverlayOptions = {}): TopLevelSpec {
  const where = 'imageWithOverlay';
  if (typeof input !== 'object' || input === null || !('image' in input) || !('overlay' in input)) {
    throw new PlotError(where, 'input must be { image, overlay }, two grids');
  }
  const image = toGrid(where, 'image', input.image);
  const overlay = toGrid(where, 'overlay', input.overlay);
  if (image.width % overlay.width !== 0 || image.height % overlay.height !== 0) {
    throw new PlotError(where, `image is ${image.height} × ${image.width} but overlay is ${overlay.height} × ${overlay.width}; the image size must be a whole multiple of the overlay size (resize the overlay)`);
  }
  const opacity = options.opacity ?? 0.7;
  if (!(opacity >= 0 && opacity <= 1)) throw new PlotError(where, `opacity must be in [0, 1], received ${opacity}`);
  const overlayColor = { colorScheme: options.overlayScheme ?? (options.diverging ? 'blueorange' : 'reds'), diverging: options.diverging, domain: options.overlayDomain };
  const [lo, hi] = colorDomain(where, overlay.values, overlayColor);
  const overlayCells = imageCells(overlay, image.width / overlay.width, image.height / overlay.height).map((cell) => {
    const t = options.diverging ? Math.abs(cell.v) / Math.max(Math.abs(lo), Math.abs(hi)) : (cell.v - lo) / (hi - lo);
    return { ...cell, a: round6(opacity * Math.min(1, Math.max(0, t))) };
  });
  const [w, h] = cellSize(image.width, image.height);
  const x = { field: 'x', type: 'quantitative', scale: { domain: [0, image.width], nice: false, zero: false }, axis: null };
  const y = { field: 'y', type: 'quantitative', scale: { domain: [0, image.height], nice: false, zero: false, reverse: true }, axis: null };
  return asSpec({
    ...header(options, w, h),
    layer: [
      {
        data: { values: imageCells(image) },
        mark: { type: 'rect', aria: false, strokeWidth: 0.5 },
        encoding: {
          x, x2: { field: 'x2' }, y, y2: { field: 'y2' },
          ...seamless(colorEncoding(where, image.values, { colorScheme: options.imageScheme ?? 'greys', domain: options.imageDomain }, null), true),
        },
      },
      {
        data: { values: overlayCells },
        mark: { type: 'rect', aria: false },
        encoding: {
          x, x2: { field: 'x2' }, y, y2: { field: 'y2' },
          color: colorEncoding(where, overlay.values, overlayColor, options.legendTitle === undefined ? 'attribution' : options.legendTitle),
          opacity: { field: 'a', type: 'quantitative', scale: null, legend: null },
        },
      },
    ],
    resolve: { scale: { color: 'independent' } },
    config: { view: { stroke: null } },
  });
}
