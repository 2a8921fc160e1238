import { PlotError } from './plot-error.js';
import { valueRange } from './grid.js';

/** Colour options shared by {@link heatmap} and `heatmapPng`. */
export interface ColorOptions {
  /**
   * A Vega colour scheme name (https://vega.github.io/vega/docs/schemes/). Default `'viridis'`,
   * or `'blueorange'` when `diverging` (negative blue, zero white, positive orange).
   */
  readonly colorScheme?: string;
  /** Centre the colour scale on 0 with a symmetric domain `[-m, m]`, `m = max |value|` (default false). */
  readonly diverging?: boolean;
  /** Fix the colour domain `[low, high]` instead of using the data's range (default: the data's range). */
  readonly domain?: readonly [number, number];
  /** Flip the scheme end for end (default false). */
  readonly reverseScheme?: boolean;
}

/** The colour domain a grid maps onto: explicit, symmetric about 0 (`diverging`), or the data's range. */
export function colorDomain(where: string, values: ArrayLike<number>, options: ColorOptions): [number, number] {
  if (options.domain !== undefined) {
    const [lo, hi] = options.domain;
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo)) {
      throw new PlotError(where, `domain must be [low, high] with finite low < high, received [${lo}, ${hi}]`);
    }
    return [lo, hi];
  }
  const [lo, hi] = valueRange(values);
  if (options.diverging) {
    const m = Math.max(Math.abs(lo), Math.abs(hi));
    return m > 0 ? [-m, m] : [-1, 1];
  }
  return hi > lo ? [lo, hi] : [lo - 0.5, lo + 0.5];
}

/** The scheme name, defaulting by `diverging`. */
export function schemeName(options: ColorOptions): string {
  return options.colorScheme ?? (options.diverging ? 'blueorange' : 'viridis');
}
