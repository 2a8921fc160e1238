import type { TopLevelSpec } from 'vega-lite';

/** The `$schema` every builder puts on its spec: Vega-Lite v6. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Options every builder takes. */
export interface PlotOptions {
  /** Title above the plot (none by default). Plain text: the renderer escapes it. */
  readonly title?: string;
  /** Width of the plotting area in pixels (each builder documents its default). */
  readonly width?: number;
  /** Height of the plotting area in pixels (each builder documents its default). */
  readonly height?: number;
}

/** `$schema`, title and size shared by all specs (internal). */
export function header(options: PlotOptions, width: number, height: number): {
  $schema: string;
  title?: { text: string };
  width: number;
  height: number;
} {
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...(options.title !== undefined ? { title: { text: String(options.title) } } : {}),
    width: options.width ?? width,
    height: options.height ?? height,
  };
}

/** Rounds to 6 significant digits so specs stay small and stable across float32/float64 inputs. */
export function round6(v: number): number {
  return Number.isInteger(v) ? v : Number(v.toPrecision(6));
}

/**
 * Marks a built object as a Vega-Lite spec (internal). Builders assemble specs from parts whose
 * shapes TypeScript cannot follow through the spec union; the tests check every builder's
 * output against the Vega-Lite JSON schema instead.
 */
export function asSpec(spec: Record<string, unknown>): TopLevelSpec {
  return spec as unknown as TopLevelSpec;
}

/**
 * The plot of nothing: the builder's frame with a grey note, for input that has no rows yet
 * (internal). Vega-Lite draws an empty dataset as bare axes, which reads as a broken plot.
 */
export function emptySpec(options: PlotOptions, width: number, height: number, note = 'no data'): TopLevelSpec {
  return asSpec({
    ...header(options, width, height),
    data: { values: [{ note }] },
    mark: { type: 'text', color: '#888', fontSize: 13 },
    encoding: { text: { field: 'note', type: 'nominal' } },
    config: { view: { stroke: '#ddd' } },
  });
}
