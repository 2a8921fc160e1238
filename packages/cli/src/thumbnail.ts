import { classifyValue } from '@gradbook/kernel';
import { runFile } from '@gradbook/kernel/node';
import { renderSvg } from '@gradbook/plot/render';

/** Options of {@link firstPlotSvg}. */
export interface ThumbnailOptions {
  /** Give up on cells still running after this many milliseconds (default 60,000). */
  readonly timeout?: number;
}

/**
 * The first plot of a notebook as SVG, for the list page of a built site: runs the notebook
 * headless with its front-matter `test:` overrides (small data, few steps), then takes, in
 * document order, the first cell whose value is a Vega-Lite spec (rendered with `renderSvg`) or an
 * SVG element (Observable Plot). The SVG is shown with `<img>`, where no script in it runs.
 *
 * @param file - the notebook's path.
 * @param options - `timeout` (60 s).
 * @returns the SVG text, or null when no cell draws a plot (or the notebook fails to run).
 * @example
 * const svg = await firstPlotSvg('mycourse/gd.md'); // '<svg …' or null
 */
export async function firstPlotSvg(file: string, options: ThumbnailOptions = {}): Promise<string | null> {
  let result;
  try {
    result = await runFile(file, { test: true, cache: null, timeout: options.timeout ?? 60_000 });
  } catch {
    return null;
  }
  const { notebook } = result;
  try {
    // Every cell's state, anonymous cells included (plots usually are), in document order.
    const states = [...notebook.cells].filter((s) => s.status === 'fulfilled' && s.cell.options.include !== false).sort((a, b) => a.cell.index - b.cell.index);
    for (const state of states) {
      const c = classifyValue(state.value);
      if (c.kind === 'vega-lite') {
        try {
          return await renderSvg(c.value as never);
        } catch {
          continue;
        }
      }
      if (c.kind === 'element') {
        const node = c.value as Partial<Element>;
        const svg = node.tagName?.toLowerCase() === 'svg' ? node : node.querySelector?.('svg');
        if (svg?.outerHTML) return svg.outerHTML.includes('xmlns=') ? svg.outerHTML : svg.outerHTML.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"');
      }
    }
    return null;
  } finally {
    notebook.dispose();
  }
}
