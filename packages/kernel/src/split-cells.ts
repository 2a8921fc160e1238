import { CellParser } from '@observablehq/parser';

/** One cell's place in a block of code: `code.slice(start, end)` (internal). */
export interface Piece {
  readonly start: number;
  readonly end: number;
}

interface ParserState {
  type: { label: string };
  startNode(): unknown;
  parseCell(node: unknown, eof: boolean): { start: number; end: number; body: unknown; id: unknown };
  parse(): unknown;
}

type ParserClass = new (options: object, input: string, start?: number) => ParserState;

/**
 * The cells of a block in Observable's module grammar: cells one after another, each ended by a
 * semicolon or a line break (as @observablehq/parser's `parseModule` did before version 6, and as
 * Quarto splits an `{ojs}` block), read from offset `from`. On a syntax error, the cells before it
 * and the error's offset (internal).
 */
function parseModule(code: string, from: number): { cells: Piece[]; error?: number } {
  const cells: Piece[] = [];
  const ModuleParser = class extends (CellParser as unknown as ParserClass) {
    parseTopLevel(node: object): object {
      while (this.type.label !== 'eof') {
        const cell = this.parseCell(this.startNode(), false);
        if (cell.body !== null || cell.id !== null) cells.push({ start: cell.start, end: cell.end });
      }
      return node;
    }
  };
  try {
    new ModuleParser({}, code, from).parse();
    return { cells };
  } catch (error) {
    const pos = (error as { pos?: number }).pos;
    return { cells, error: typeof pos === 'number' ? pos : code.length };
  }
}

/** After `end`, the rest of its line when that is blank or a `//` comment (it belongs to the cell). */
function endOfLine(code: string, end: number): number {
  const nl = code.indexOf('\n', end);
  const rest = code.slice(end, nl < 0 ? code.length : nl);
  return /^[ \t]*(?:\/\/.*)?$/.test(rest) ? end + rest.replace(/\s+$/, '').length : end;
}

/** The start of the next line after `pos` that starts in the first column with code, or -1. */
function nextLineStart(code: string, pos: number): number {
  const re = /\n(?=[^\s})\]])/g;
  re.lastIndex = pos;
  const m = re.exec(code);
  return m ? m.index + 1 : -1;
}

/**
 * Splits a block of Observable JavaScript into its cells, as Quarto and Observable do: each
 * top-level definition or expression is a cell (`x = 5` then `y = x * x` on the next line are
 * two). Comments before a cell and after it on its last line belong to it. A syntax error ends its
 * cell at the next line that starts in the first column, and splitting goes on from there, so
 * each cell keeps its own error.
 *
 * @param code - the block's code.
 * @returns where each cell is in `code`, in order; one piece for the whole code when it has no cell.
 * @example
 * splitCells('x = 5\ny = x * x').map((p) => p.start); // [0, 6]
 */
export function splitCells(code: string): Piece[] {
  const bounds: Piece[] = [];
  let from = 0;
  while (from < code.length) {
    const { cells, error } = parseModule(code, from);
    bounds.push(...cells);
    if (error === undefined) break;
    const start = cells.length ? cells[cells.length - 1].end : from;
    const next = nextLineStart(code, Math.max(error, start));
    const end = next < 0 ? code.length : next;
    bounds.push({ start, end });
    from = end;
  }
  // Each cell runs from the end of the previous one (its leading comments) to its end of line.
  const pieces: Piece[] = [];
  let at = 0;
  for (const b of bounds) {
    let start = at;
    while (start < b.end && /\s/.test(code[start])) start++;
    let end = endOfLine(code, b.end);
    while (end > start && /\s/.test(code[end - 1])) end--;
    pieces.push({ start, end });
    at = end;
  }
  if (pieces.length === 0) return [{ start: 0, end: code.length }];
  // Trailing comments after the last cell stay with it.
  const last = pieces[pieces.length - 1];
  const tail = code.slice(last.end).replace(/\s+$/, '');
  if (tail) pieces[pieces.length - 1] = { start: last.start, end: last.end + tail.length };
  return pieces;
}

