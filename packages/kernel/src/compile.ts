import { marked } from 'marked';
import { compileCell, type CellDefinition, type SourceRange } from './cell.js';
import { cellOptions, optionLines, readFenceInfo } from './cell-options.js';
import { fenceRuns, frameworkConstructs, frameworkMessage, QuartoDivs, type NotebookDialect, type NotebookFormat } from './dialect.js';
import { fenceParts } from './fence.js';
import { readFrontMatter } from './front-matter.js';
import { SourceText } from './source-text.js';
import { splitCells } from './split-cells.js';

/** A run of prose between cells, as Markdown. */
export interface ProseBlock {
  readonly type: 'prose';
  /** The Markdown to render. */
  readonly markdown: string;
  /**
   * Where the prose sits in the notebook file's text (leading and trailing blank lines excluded),
   * so an editor can splice an edited block back: `text.slice(range.start, range.end)`.
   */
  readonly range: SourceRange;
}

/** A cell in document order (its place in the file: `cell.range`, `cell.fence`). */
export interface CellBlock {
  readonly type: 'cell';
  readonly cell: CellDefinition;
}

/** A compiled notebook: its front matter, and its prose and cells in document order. */
export interface NotebookDefinition {
  /** `title` from the front matter, else the first `# heading`, else `Untitled`. */
  readonly title: string;
  /** `seed` from the front matter (default 0): every random draw in the notebook derives from it. */
  readonly seed: number;
  /** `backend` from the front matter (default `auto`). */
  readonly backend: string;
  /** `test` from the front matter: overrides (`name: value`) that make the notebook fast in CI. */
  readonly test: Readonly<Record<string, unknown>>;
  /** The whole front matter. */
  readonly frontMatter: Readonly<Record<string, unknown>>;
  /** Prose and cells in document order. */
  readonly blocks: readonly (ProseBlock | CellBlock)[];
  /** The cells alone, in document order. */
  readonly cells: readonly CellDefinition[];
  /** The file format it was compiled as (see {@link CompileOptions.format}). */
  readonly format: NotebookFormat;
  /**
   * The dialect recognised: `observable` (a Markdown notebook of Observable JavaScript), `quarto`
   * (a `.qmd` document) or `framework` (a page of Observable Framework, whose plain-module
   * JavaScript Gradbook does not run: its code is shown and {@link NotebookDefinition.problem} says so).
   */
  readonly dialect: NotebookDialect;
  /** Why the notebook as a whole cannot run (one message, e.g. for a Framework page), or null. */
  readonly problem: string | null;
}

/** The options of {@link compile}. */
export interface CompileOptions {
  /**
   * The file format (default `md`): in `qmd` (Quarto) only ```` ```{ojs} ```` blocks run,
   * ```` ```js ```` is shown as code, and `:::` div fences are dropped from the prose (their
   * content renders; cells in a `.panel-sidebar` or `.panel-input` div go to that panel).
   * {@link formatOf} gives the format of a file name.
   */
  readonly format?: NotebookFormat;
}

/**
 * The notebook format of a file name: `qmd` for `.qmd`, else `md`.
 *
 * @param file - a path or file name.
 * @returns its format.
 * @example
 * formatOf('course/intro.qmd'); // 'qmd'
 */
export function formatOf(file: string): NotebookFormat {
  return /\.qmd$/i.test(file) ? 'qmd' : 'md';
}

/** Prose accumulated between cells, by offsets of the normalized text (internal). */
class ProseRun {
  #start = -1;
  #end = -1;
  constructor(
    readonly source: SourceText,
    readonly divs: QuartoDivs | null,
  ) {}
  add(start: number, end: number): void {
    if (this.#start < 0) this.#start = start;
    this.#end = end;
  }
  /** The block, trimmed of surrounding white space, or null when there is none; starts a new run. */
  take(): ProseBlock | null {
    if (this.#start < 0) return null;
    const text = this.source.text;
    let start = this.#start;
    let end = this.#end;
    this.#start = this.#end = -1;
    while (start < end && /\s/.test(text[start])) start++;
    while (end > start && /\s/.test(text[end - 1])) end--;
    if (start === end) return null;
    let markdown = text.slice(start, end);
    if (this.divs) {
      this.divs.read(markdown);
      markdown = QuartoDivs.strip(markdown);
      if (!markdown) return null;
    }
    return { type: 'prose', markdown, range: this.source.range(start, end) };
  }
}

/**
 * Compiles a notebook: Markdown with optional YAML front matter (`title`, `seed`, `backend`,
 * `test`) and fenced `js` (or `ojs`, `{ojs}`) cells of Observable JavaScript. Cells may appear in
 * any order; a cell's syntax error is kept on that cell (see {@link CellDefinition.error}).
 *
 * @param markdown - the notebook file's text.
 * @returns the notebook definition, to pass to `run`.
 * @throws GradbookError when the front matter is not closed, not valid YAML or not a mapping, or `seed` is not a finite number.
 * @example
 * const nb = compile('---\nseed: 1\n---\n# Demo\n\n```js\nx = 2\n```\n\n```js\ny = x * 21\n```\n');
 * nb.cells.map((c) => c.name); // ['x', 'y']
 * nb.seed; // 1
 */
export function compile(markdown: string, options: CompileOptions = {}): NotebookDefinition {
  const format = options.format ?? 'md';
  const source = new SourceText(markdown);
  const front = readFrontMatter(source.text);
  const blocks: (ProseBlock | CellBlock)[] = [];
  const cells: CellDefinition[] = [];
  const divs = format === 'qmd' ? new QuartoDivs() : null;
  const prose = new ProseRun(source, divs);
  const flush = (): void => {
    const block = prose.take();
    if (block) blocks.push(block);
  };
  let heading: string | null = null;
  let pos = front.bodyStart;
  /** Framework constructs of each js block that uses them, by fence start, and the blocks among them that do not parse. */
  const framework = new Map<number, string[]>();
  const failing = new Set<number>();
  for (const token of marked.lexer(source.text.slice(front.bodyStart))) {
    const at = pos;
    pos += token.raw.length;
    const fence = token.type === 'code' && /^ {0,3}(```|~~~)/.test(token.raw) ? fenceParts(token.raw) : null;
    const info = fence ? readFenceInfo(fence.info) : null;
    if (!fence || !info || !fenceRuns(info, format)) {
      if (heading === null && token.type === 'heading' && token.depth === 1) heading = String(token.text);
      prose.add(at, pos);
      continue;
    }
    flush();
    const content = source.text.slice(at + fence.contentStart, at + fence.contentEnd);
    const lines = optionLines(content);
    const defaults = divs?.panel ? { panel: divs.panel, ...front.execute } : front.execute;
    const { options, error } = cellOptions({ ...defaults, ...info.options }, lines.yaml);
    // The source: the code after the option lines, without blank lines around it.
    let start = at + fence.contentStart + lines.length;
    let end = at + fence.contentEnd;
    const lead = /^(?:[ \t]*\n)*/.exec(source.text.slice(start, end))![0].length;
    start += lead;
    while (end > start && /\s/.test(source.text[end - 1])) end--;
    const code = source.text.slice(start, end);
    if (options.eval === false) {
      // Shown, not run: a code block of prose, without its option lines.
      blocks.push({ type: 'prose', markdown: `\`\`\`js\n${code}\n\`\`\``, range: source.range(at, at + fence.end) });
      continue;
    }
    if (!info.braced) {
      const constructs = frameworkConstructs(code);
      if (constructs.length > 0) framework.set(at, constructs);
    }
    // A block may hold several cells (`x = 5` then `y = x * x`): each is a cell of its own.
    const fenceRange = source.range(at, at + fence.end);
    for (const piece of splitCells(code)) {
      const from = start + piece.start;
      let cell = compileCell(code.slice(piece.start, piece.end), cells.length, source.line(from), options);
      if (error) cell = { ...cell, body: null, error };
      else if (cell.error !== null) {
        if (!info.braced && frameworkConstructs(code).length > 0) failing.add(at);
        const declared = /^(?:export\s+)?(const|let|var)\s+([\w$]+)/.exec(cell.source);
        if (declared) cell = { ...cell, error: `${cell.error}; a cell defines a name without a keyword: write ${declared[2]} = … without ${declared[1]}` };
      }
      cell = { ...cell, range: source.range(from, start + piece.end), fence: fenceRange };
      cells.push(cell);
      blocks.push({ type: 'cell', cell });
    }
  }
  flush();
  const frontMatter = front.data;
  const test = front.test;
  const seed = front.seed;
  const title = typeof frontMatter.title === 'string' ? frontMatter.title : heading ?? 'Untitled';
  const backend = typeof frontMatter.backend === 'string' ? frontMatter.backend : 'auto';
  const notebook = { title, seed, backend, test, frontMatter, blocks, cells, format };
  if (isFrameworkPage(failing, cells)) return frameworkPage(notebook, source, framework);
  return { ...notebook, dialect: format === 'qmd' ? 'quarto' : 'observable', problem: null };
}

/**
 * Whether the js blocks that fail to parse and use Framework constructs make the page a Framework page: at least
 * half of the blocks that hold cells (so one mistaken `const` in a notebook stays that cell's
 * error) (internal).
 */
function isFrameworkPage(failing: Set<number>, cells: readonly CellDefinition[]): boolean {
  if (failing.size === 0) return false;
  const fences = new Set(cells.map((c) => c.fence!.start)).size;
  return failing.size * 2 >= fences;
}

/** A Framework page: its code blocks shown, not run, and one message saying why (internal). */
function frameworkPage(notebook: Omit<NotebookDefinition, 'dialect' | 'problem'>, source: SourceText, framework: Map<number, string[]>): NotebookDefinition {
  const blocks: (ProseBlock | CellBlock)[] = [];
  for (const block of notebook.blocks) {
    if (block.type === 'prose') blocks.push(block);
    else {
      const fence = block.cell.fence!;
      const last = blocks[blocks.length - 1];
      if (last?.type === 'prose' && last.range.start === fence.start) continue; // the block's other cells
      blocks.push({ type: 'prose', markdown: source.original.slice(fence.start, fence.end).replace(/\r\n?/g, '\n'), range: fence });
    }
  }
  const constructs = [...new Set([...framework.values()].flat())];
  return { ...notebook, blocks, cells: [], dialect: 'framework', problem: frameworkMessage(constructs, framework.size) };
}
