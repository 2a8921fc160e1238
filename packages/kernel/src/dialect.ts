import type { CellPanel } from './cell-options.js';
import type { FenceInfo } from './cell-options.js';

/**
 * The file format of a notebook: `md` (Gradbook's and Observable's Markdown: ```` ```js ```` and
 * ```` ```{ojs} ```` blocks run) or `qmd` (Quarto: only ```` ```{ojs} ```` blocks run; other code is shown).
 */
export type NotebookFormat = 'md' | 'qmd';

/** The dialect a notebook is written in, as the compiler recognised it. */
export type NotebookDialect = 'observable' | 'quarto' | 'framework';

const CELL_LANGUAGES = new Set(['js', 'ojs', 'javascript']);

/**
 * Whether a fenced block runs as cells: in `.md`, ```` ```js ````, ```` ```ojs ```` and
 * ```` ```{ojs} ````; in `.qmd`, only ```` ```{ojs} ```` (Quarto shows ```` ```js ```` as code).
 *
 * @param info - the fence's info string, read.
 * @param format - the notebook's format.
 * @returns true when the block's code runs.
 */
export function fenceRuns(info: FenceInfo, format: NotebookFormat): boolean {
  if (format === 'qmd') return info.braced && info.language === 'ojs';
  return CELL_LANGUAGES.has(info.language);
}

const DIV_LINE = /^[ \t]*(:{3,})[ \t]*(.*)$/;

const PANEL_CLASSES: Record<string, CellPanel> = {
  'panel-input': 'input',
  'panel-sidebar': 'sidebar',
  'panel-fill': 'fill',
  'panel-center': 'center',
};

/**
 * Quarto's `:::` divs, followed through a document's prose: their fence lines are dropped from
 * the Markdown (their content renders), and cells inside a `::: {.panel-sidebar}` (or
 * `.panel-input`, `.panel-fill`, `.panel-center`) div default to that panel (internal).
 */
export class QuartoDivs {
  readonly #open: (CellPanel | null)[] = [];

  /** Follows the div lines of a piece of prose. */
  read(markdown: string): void {
    for (const line of markdown.split('\n')) {
      const m = DIV_LINE.exec(line);
      if (!m) continue;
      if (m[2] === '') this.#open.pop();
      else {
        const classes = [...m[2].matchAll(/\.([\w-]+)/g)].map((c) => c[1]);
        this.#open.push(classes.map((c) => PANEL_CLASSES[c]).find((p) => p !== undefined) ?? null);
      }
    }
  }

  /** The panel of the innermost open panel div, if any. */
  get panel(): CellPanel | undefined {
    for (let i = this.#open.length - 1; i >= 0; i--) if (this.#open[i]) return this.#open[i]!;
    return undefined;
  }

  /**
   * Markdown without its div fence lines.
   *
   * @param markdown - prose.
   * @returns the prose, `:::` lines removed.
   */
  static strip(markdown: string): string {
    return markdown
      .split('\n')
      .filter((line) => !DIV_LINE.test(line))
      .join('\n')
      .trim();
  }
}

const FRAMEWORK_MARKERS: readonly [RegExp, string][] = [
  [/^(?:export\s+)?(?:const|let|var)\s+[\w${[]/m, 'top-level const/let declarations'],
  [/^\s*display\s*\(/m, 'display()'],
  [/\bview\s*\(/, 'view()'],
  [/\bfrom\s+["'](?:npm|jsr|observablehq):/, 'npm: imports'],
  [/^import\s+(?:\*|\w+\s*(?:,|from))/m, 'default or namespace imports'],
];

/**
 * The constructs of Observable Framework's JavaScript (plain modules: `const x = …`, `display(…)`,
 * `view(…)`, `npm:` imports) that a block of code uses, by name (internal).
 *
 * @param code - a ```` ```js ```` block's code.
 * @returns the names of the constructs found (empty when none).
 */
export function frameworkConstructs(code: string): string[] {
  return FRAMEWORK_MARKERS.filter(([re]) => re.test(code)).map(([, name]) => name);
}

/**
 * The message of a page in Observable Framework's dialect, which Gradbook does not run (yet).
 *
 * @param constructs - the Framework constructs found.
 * @param blocks - how many blocks use them.
 * @returns one notebook-level message.
 */
export function frameworkMessage(constructs: readonly string[], blocks: number): string {
  return (
    `this page is written in Observable Framework's dialect (${constructs.join(', ')} in ${blocks} js block${blocks === 1 ? '' : 's'}), ` +
    'which Gradbook does not run yet; its code is shown, not run. Gradbook runs Observable notebook JavaScript, as Observable ' +
    'notebooks and Quarto write it: `x = 1` instead of `const x = 1`, `viewof x = Inputs.range(…)` instead of `view(…)`, a cell\'s value instead of `display(…)`'
  );
}
