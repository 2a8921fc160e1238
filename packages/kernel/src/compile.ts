import { marked } from 'marked';
import { parse as parseYaml } from 'yaml';
import { GradbookError } from '@gradbook/core';
import { compileCell, type CellDefinition, type SourceRange } from './cell.js';
import { cellOptions, optionLines, readFenceInfo } from './cell-options.js';
import { fenceParts } from './fence.js';
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
}

const CELL_LANGUAGES = new Set(['js', 'ojs', 'javascript']);

function splitFrontMatter(text: string): { yaml: string | null; bodyStart: number } {
  const m = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text);
  return m ? { yaml: m[1], bodyStart: m[0].length } : { yaml: null, bodyStart: 0 };
}

/** Prose accumulated between cells, by offsets of the normalized text (internal). */
class ProseRun {
  #start = -1;
  #end = -1;
  constructor(readonly source: SourceText) {}
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
    return { type: 'prose', markdown: text.slice(start, end), range: this.source.range(start, end) };
  }
}

/**
 * Compiles a notebook: Markdown with optional YAML front matter (`title`, `seed`, `backend`,
 * `test`) and fenced `js` (or `ojs`, `{ojs}`) cells of Observable JavaScript. Cells may appear in
 * any order; a cell's syntax error is kept on that cell (see {@link CellDefinition.error}).
 *
 * @param markdown - the notebook file's text.
 * @returns the notebook definition, to pass to `run`.
 * @throws GradbookError when the front matter is not valid YAML or not a mapping, or `seed` is not a number.
 * @example
 * const nb = compile('---\nseed: 1\n---\n# Demo\n\n```js\nx = 2\n```\n\n```js\ny = x * 21\n```\n');
 * nb.cells.map((c) => c.name); // ['x', 'y']
 * nb.seed; // 1
 */
export function compile(markdown: string): NotebookDefinition {
  const source = new SourceText(markdown);
  const { yaml, bodyStart } = splitFrontMatter(source.text);
  let frontMatter: Record<string, unknown> = {};
  if (yaml !== null) {
    let parsed: unknown;
    try {
      parsed = parseYaml(yaml);
    } catch (error) {
      throw new GradbookError('compile', `the front matter is not valid YAML: ${(error as Error).message}; fix it or remove the --- block`);
    }
    if (parsed !== null && parsed !== undefined) {
      if (typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new GradbookError('compile', `the front matter must be a mapping (title: …, seed: …), received ${Array.isArray(parsed) ? 'a list' : typeof parsed}`);
      }
      frontMatter = parsed as Record<string, unknown>;
    }
  }
  const seed = frontMatter.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new GradbookError('compile', `front matter seed must be a number, received ${JSON.stringify(seed)}; write e.g. seed: 42`);
  }
  const test = frontMatter.test ?? {};
  if (typeof test !== 'object' || test === null || Array.isArray(test)) {
    throw new GradbookError('compile', `front matter test must be a mapping of overrides (name: value), received ${JSON.stringify(test)}`);
  }

  const blocks: (ProseBlock | CellBlock)[] = [];
  const cells: CellDefinition[] = [];
  const prose = new ProseRun(source);
  const flush = (): void => {
    const block = prose.take();
    if (block) blocks.push(block);
  };
  let heading: string | null = null;
  let pos = bodyStart;
  for (const token of marked.lexer(source.text.slice(bodyStart))) {
    const at = pos;
    pos += token.raw.length;
    const fence = token.type === 'code' && /^ {0,3}(```|~~~)/.test(token.raw) ? fenceParts(token.raw) : null;
    const info = fence ? readFenceInfo(fence.info) : null;
    if (!fence || !info || !CELL_LANGUAGES.has(info.language)) {
      if (heading === null && token.type === 'heading' && token.depth === 1) heading = String(token.text);
      prose.add(at, pos);
      continue;
    }
    flush();
    const content = source.text.slice(at + fence.contentStart, at + fence.contentEnd);
    const lines = optionLines(content);
    const { options, error } = cellOptions(info.options, lines.yaml);
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
    // A block may hold several cells (`x = 5` then `y = x * x`): each is a cell of its own.
    const fenceRange = source.range(at, at + fence.end);
    for (const piece of splitCells(code)) {
      const from = start + piece.start;
      let cell = compileCell(code.slice(piece.start, piece.end), cells.length, source.line(from), options);
      if (error) cell = { ...cell, body: null, error };
      cell = { ...cell, range: source.range(from, start + piece.end), fence: fenceRange };
      cells.push(cell);
      blocks.push({ type: 'cell', cell });
    }
  }
  flush();
  const title = typeof frontMatter.title === 'string' ? frontMatter.title : heading ?? 'Untitled';
  const backend = typeof frontMatter.backend === 'string' ? frontMatter.backend : 'auto';
  return { title, seed, backend, test: test as Record<string, unknown>, frontMatter, blocks, cells };
}
