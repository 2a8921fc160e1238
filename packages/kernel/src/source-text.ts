import type { SourceRange } from './cell.js';

/**
 * A notebook file's text with its line ends made `\n` (as the Markdown lexer sees it), and the way
 * back from offsets in that text to offsets in the file, so ranges can be spliced into the file
 * byte for byte even when it has `\r\n` line ends or a byte-order mark (internal).
 */
export class SourceText {
  /** The file's text as given. */
  readonly original: string;
  /** The text with `\r\n` and `\r` made `\n` and a leading byte-order mark dropped. */
  readonly text: string;
  /** The original offset of each offset of {@link SourceText.text} (one more entry, for the end). */
  readonly #origin: Int32Array | null;
  /** The offset of the start of each line of {@link SourceText.text}. */
  readonly #lineStarts: number[];

  constructor(original: string) {
    this.original = original;
    const bom = original.startsWith('\uFEFF') ? 1 : 0;
    const clean = bom === 0 && !original.includes('\r');
    this.text = clean ? original : original.slice(bom).replace(/\r\n?/g, '\n');
    if (clean) this.#origin = null;
    else {
      const origin = new Int32Array(this.text.length + 1);
      let o = bom;
      for (let i = 0; i < this.text.length; i++, o++) {
        origin[i] = o;
        if (original[o] === '\r' && original[o + 1] === '\n') o++;
      }
      origin[this.text.length] = original.length;
      this.#origin = origin;
    }
    this.#lineStarts = [0];
    for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) this.#lineStarts.push(i + 1);
  }

  /** The file's range of `[start, end)` of {@link SourceText.text}. */
  range(start: number, end: number): SourceRange {
    if (!this.#origin) return { start, end };
    return { start: this.#origin[start], end: this.#origin[end] };
  }

  /** The line (from 1) of an offset of {@link SourceText.text}. */
  line(offset: number): number {
    let lo = 0;
    let hi = this.#lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}
