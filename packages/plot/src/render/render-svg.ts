import { parse, View } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { PlotError } from '../plot-error.js';
import { collectingLogger, compileSpec } from './compile-spec.js';

/** Options of {@link renderSvg}. */
export interface RenderSvgOptions {
  /** Throw a `PlotError` listing Vega-Lite/Vega warnings instead of ignoring them (default false). */
  readonly strict?: boolean;
  /** Scale factor of the drawing (default 1). */
  readonly scale?: number;
}

/**
 * Renders a Vega-Lite spec to an SVG string, headless (no DOM, no canvas): the kernel's static
 * HTML report embeds the result, and tests read it. Text in the spec (titles, labels) is
 * XML-escaped by Vega's SVG renderer.
 *
 * @param spec - a Vega-Lite v6 spec with inline data (as every builder here makes).
 * @param options - `strict` (default false: warnings are ignored), `scale` (default 1).
 * @returns the `<svg …>…</svg>` markup.
 * @throws PlotError when the spec does not compile, or (under `strict`) on any warning.
 *
 * @example
 * ```ts
 * import { lossCurve } from '@gradbook/plot';
 * import { renderSvg } from '@gradbook/plot/render';
 * const svg = await renderSvg(lossCurve([{ step: 0, loss: 1 }, { step: 1, loss: 0.5 }]));
 * svg.startsWith('<svg'); // true
 * ```
 */
export async function renderSvg(spec: TopLevelSpec, options: RenderSvgOptions = {}): Promise<string> {
  const compiled = compileSpec(spec);
  const runtimeLog = collectingLogger();
  const view = new View(parse(compiled.spec), { renderer: 'none', logger: runtimeLog.logger });
  try {
    const svg = await view.toSVG(options.scale ?? 1);
    const warnings = [...compiled.warnings, ...runtimeLog.warnings];
    if (options.strict && warnings.length > 0) {
      throw new PlotError('renderSvg', `the spec rendered with ${warnings.length} warning(s): ${warnings.join('; ')}`);
    }
    return svg;
  } finally {
    view.finalize();
  }
}
