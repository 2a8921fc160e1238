import { marked } from 'marked';
import { parse as parseYaml } from 'yaml';
import { GradbookError } from '@gradbook/core';
import { compileCell, type CellDefinition, type CellOptions } from './cell.js';

/** A run of prose between cells, as Markdown. */
export interface ProseBlock {
  readonly type: 'prose';
  readonly markdown: string;
}

/** A cell in document order. */
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

const CELL_LANGUAGES = new Set(['js', 'ojs', '{ojs}', 'javascript']);

function splitFrontMatter(markdown: string): { yaml: string | null; body: string; bodyLine: number } {
  const m = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(markdown);
  if (!m) return { yaml: null, body: markdown, bodyLine: 1 };
  return { yaml: m[1], body: markdown.slice(m[0].length), bodyLine: m[0].split('\n').length - (m[0].endsWith('\n') ? 0 : 1) };
}

function cellOptions(words: string[]): CellOptions {
  if (words.includes('nocache')) return { cache: false };
  if (words.includes('cache')) return { cache: true };
  return {};
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
  const { yaml, body, bodyLine } = splitFrontMatter(markdown.replace(/^\uFEFF/, ''));
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
  let prose = '';
  let line = bodyLine;
  let heading: string | null = null;
  for (const token of marked.lexer(body)) {
    const words = token.type === 'code' ? String(token.lang ?? '').trim().split(/\s+/) : [];
    if (token.type === 'code' && CELL_LANGUAGES.has(words[0]?.toLowerCase() ?? '') && /^(```|~~~)/.test(token.raw)) {
      if (prose.trim()) blocks.push({ type: 'prose', markdown: prose.trim() });
      prose = '';
      const cell = compileCell(String(token.text), cells.length, line + 1, cellOptions(words.slice(1)));
      cells.push(cell);
      blocks.push({ type: 'cell', cell });
    } else {
      if (heading === null && token.type === 'heading' && token.depth === 1) heading = String(token.text);
      prose += token.raw;
    }
    line += (token.raw.match(/\n/g) ?? []).length;
  }
  if (prose.trim()) blocks.push({ type: 'prose', markdown: prose.trim() });
  const title = typeof frontMatter.title === 'string' ? frontMatter.title : heading ?? 'Untitled';
  const backend = typeof frontMatter.backend === 'string' ? frontMatter.backend : 'auto';
  return { title, seed, backend, test: test as Record<string, unknown>, frontMatter, blocks, cells };
}
