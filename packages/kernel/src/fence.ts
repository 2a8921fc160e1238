/** The parts of a fenced code block, as offsets into the block's raw text (internal). */
export interface FenceParts {
  /** The info string after the opening backticks or tildes. */
  readonly info: string;
  /** Where the content starts (after the opening line). */
  readonly contentStart: number;
  /** Where the content ends (before the line end that precedes the closing fence, or the end). */
  readonly contentEnd: number;
  /** Where the block ends: after the closing fence, without the line end that follows it. */
  readonly end: number;
}

const CLOSING = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;

/**
 * Splits a fenced code block's raw text (as the Markdown lexer gives it, `\n` line ends) into its
 * opening line, content and closing line. A block left open at the end of the file has no closing
 * line; its content runs to the end (internal).
 *
 * @param raw - the block's text, from the opening fence.
 * @returns the info string and the offsets of the content and the block's end.
 */
export function fenceParts(raw: string): FenceParts {
  const open = /^ {0,3}(`{3,}|~{3,})([^\n]*)/.exec(raw)!;
  const firstNl = raw.indexOf('\n');
  const trimmed = raw.replace(/\n+$/, '');
  if (firstNl < 0 || firstNl >= trimmed.length) {
    return { info: open[2], contentStart: trimmed.length, contentEnd: trimmed.length, end: trimmed.length };
  }
  const lastNl = trimmed.lastIndexOf('\n');
  const lastLine = trimmed.slice(lastNl + 1);
  const m = CLOSING.exec(lastLine);
  const closes = lastNl >= firstNl && m !== null && m[1][0] === open[1][0] && m[1].length >= open[1].length;
  if (!closes) return { info: open[2], contentStart: firstNl + 1, contentEnd: trimmed.length, end: trimmed.length };
  return { info: open[2], contentStart: firstNl + 1, contentEnd: Math.max(firstNl + 1, lastNl), end: trimmed.length };
}
