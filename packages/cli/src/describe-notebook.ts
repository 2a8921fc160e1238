import { marked, type Token } from 'marked';
import { parse as parseYaml } from 'yaml';

/** What the list page shows of a notebook. */
export interface NotebookSummary {
  /** The front matter's `title`, else the first `# heading`, else the fallback. */
  readonly title: string;
  /** The front matter's `description`, else the first paragraph of prose as plain text (at most ~300 characters), else `''`. */
  readonly description: string;
}

const FRONT = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
const MAX = 300;

function plain(tokens: readonly Token[] | undefined): string {
  let out = '';
  for (const t of tokens ?? []) {
    if (t.type === 'html') continue;
    if ('tokens' in t && Array.isArray(t.tokens) && t.tokens.length > 0) out += plain(t.tokens);
    else if ('text' in t && typeof t.text === 'string') out += t.text;
    else if (t.type === 'br' || t.type === 'space') out += ' ';
  }
  return out;
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= MAX) return flat;
  const cut = flat.slice(0, MAX);
  return `${cut.slice(0, cut.lastIndexOf(' ') > MAX / 2 ? cut.lastIndexOf(' ') : MAX)}…`;
}

/**
 * The title and description of a notebook's text, for the notebook list. Never throws: a front
 * matter that is not valid YAML is skipped (the notebook page shows that error).
 *
 * @param text - the notebook's Markdown.
 * @param fallbackTitle - the title when there is neither a front-matter `title` nor a `# heading` (the file's name).
 * @returns `{ title, description }`.
 * @example
 * describeNotebook('---\ntitle: GD\n---\nA slider moves the learning rate.\n', 'gd');
 * // → { title: 'GD', description: 'A slider moves the learning rate.' }
 */
export function describeNotebook(text: string, fallbackTitle: string): NotebookSummary {
  const front = FRONT.exec(text);
  let meta: Record<string, unknown> = {};
  if (front) {
    try {
      const parsed: unknown = parseYaml(front[1]);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) meta = parsed as Record<string, unknown>;
    } catch {
      // Shown on the notebook's page; the list still lists it.
    }
  }
  const body = front ? text.slice(front[0].length) : text;
  let tokens: Token[] = [];
  try {
    tokens = marked.lexer(body);
  } catch {
    tokens = [];
  }
  const heading = tokens.find((t) => t.type === 'heading' && t.depth === 1);
  const paragraph = tokens.find((t) => t.type === 'paragraph');
  const title = typeof meta.title === 'string' && meta.title.trim() ? meta.title.trim() : heading ? clip(plain((heading as { tokens?: Token[] }).tokens)) || fallbackTitle : fallbackTitle;
  const description = typeof meta.description === 'string' ? clip(meta.description) : paragraph ? clip(plain((paragraph as { tokens?: Token[] }).tokens)) : '';
  return { title, description };
}
