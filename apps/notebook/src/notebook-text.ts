// A notebook file's text cut into the blocks the page shows (prose and cells, from the ranges
// `compile` gives each), with the exact text around each, so that a saved notebook is the file it
// came from with only the edited pieces replaced: front matter, option lines, untouched prose and
// cells stay byte for byte.
import type { NotebookDefinition } from '@gradbook/kernel';

/** One block of the file. */
export interface TextBlock {
  readonly type: 'prose' | 'cell';
  /** What comes before the block since the previous one (blank lines, or the front matter for the first). */
  readonly lead: string;
  /** The block as written: prose trimmed of surrounding blank lines, a cell with its fences and option lines. */
  readonly raw: string;
  /** What the page shows and edits: a cell's source, a prose block's Markdown. */
  readonly content: string;
  /** For a cell: the text of `raw` before and after its source (fence, option lines); '' for prose. */
  readonly before: string;
  readonly after: string;
  /** Start and end offsets of `raw` in the file. */
  readonly start: number;
  readonly end: number;
  /**
   * For a cell of a fenced block holding several cells: the block (its start), the cell's place in
   * it, the text that opens the block (fence and option lines) and the text that closes it.
   */
  readonly group?: { readonly id: number; readonly index: number; readonly count: number; readonly open: string; readonly close: string };
}

/** The whole file as blocks: `text === blocks.map(b => b.lead + b.raw).join('') + tail`. */
export interface NotebookText {
  readonly text: string;
  readonly blocks: readonly TextBlock[];
  /** What follows the last block. */
  readonly tail: string;
}

/**
 * Cuts a notebook's text into the blocks `compile` found in it.
 *
 * @param text - the file's text.
 * @param definition - `compile(text)`.
 * @returns one block per block of the definition, in document order.
 */
export function splitNotebook(text: string, definition: NotebookDefinition): NotebookText {
  const blocks: TextBlock[] = [];
  let last = 0;
  const all = definition.blocks;
  all.forEach((block, i) => {
    if (block.type === 'prose') {
      const { start, end } = block.range;
      blocks.push({ type: 'prose', lead: text.slice(last, start), raw: text.slice(start, end), content: block.markdown, before: '', after: '', start, end });
      last = end;
      return;
    }
    const { cell } = block;
    const fence = cell.fence ?? cell.range!;
    const range = cell.range ?? fence;
    // Cells of one fenced block (`x = 5` then `y = x * x`): the first has the opening fence, the
    // last the closing one, and each the text since the previous.
    const next = all[i + 1];
    const lastOfFence = !(next?.type === 'cell' && next.cell.fence && next.cell.fence.start === fence.start);
    const firstOfFence = last <= fence.start;
    const start = firstOfFence ? fence.start : last;
    const end = lastOfFence ? fence.end : range.end;
    const members = all.filter((b) => b.type === 'cell' && b.cell.fence?.start === fence.start);
    let group: TextBlock['group'];
    if (members.length > 1 && cell.fence) {
      const firstRange = (members[0] as { cell: { range?: { start: number } } }).cell.range;
      const lastRange = (members[members.length - 1] as { cell: { range?: { end: number } } }).cell.range;
      group = {
        id: fence.start,
        index: members.indexOf(block),
        count: members.length,
        open: text.slice(fence.start, firstRange?.start ?? fence.start),
        close: text.slice(lastRange?.end ?? fence.end, fence.end),
      };
    }
    blocks.push({
      group,
      type: 'cell',
      lead: firstOfFence ? text.slice(last, fence.start) : '',
      raw: text.slice(start, end),
      content: cell.source,
      before: text.slice(start, range.start),
      after: text.slice(range.end, end),
      start,
      end,
    });
    last = end;
  });
  return { text, blocks, tail: text.slice(last) };
}

/** A block of the page when it is saved: its block of the loaded file (if any) and what it shows now. */
export interface SavedBlock {
  readonly type: 'prose' | 'cell';
  readonly original?: TextBlock;
  /** The source or Markdown now; when it equals the original's content the original text is kept. */
  readonly content: string;
}

/**
 * Composes a notebook's new text from the page's blocks: an unchanged block is its original text
 * with what preceded it; an edited cell keeps its fence and option lines and takes the new source;
 * a new block goes after a blank line, a new cell in a ```` ```js ```` fence. The front matter and
 * the file's end are kept.
 *
 * @param from - the text the page loaded, split.
 * @param blocks - the page's blocks in order.
 * @returns the new file text (the loaded text itself when nothing changed).
 */
export function composeNotebook(from: NotebookText, blocks: readonly SavedBlock[]): string {
  const newline = from.text.includes('\r\n') ? '\r\n' : '\n';
  const first = from.blocks[0];
  // The front matter and whatever precedes the first block stays first.
  let head = first ? first.lead : from.tail;
  if (!first && head && !head.endsWith('\n')) head += newline;
  if (blocks.length === 0) return first ? head.replace(/\s*$/, newline) : from.text;
  let out = head;
  // A fenced block of several cells left open by the block written last (its closing text).
  let open: NonNullable<TextBlock['group']> | null = null;
  blocks.forEach((block, i) => {
    const o = block.original;
    const g = o?.group;
    const follows = g !== undefined && open !== null && open.id === g.id && open.index === g.index - 1;
    // The cells of a split fenced block no longer side by side: close it, and reopen it.
    if (open && !follows) out += open.close;
    const reopen = g !== undefined && g.index > 0 && !follows;
    let lead = i === 0 ? '' : o && o !== first ? o.lead : newline + newline;
    if (reopen) lead = newline + newline;
    const content = block.content.replace(/\s+$/, '').replace(/\r?\n/g, newline);
    const code = o && block.content === o.content ? o.raw.slice(o.before.length, o.raw.length - o.after.length) : content;
    let raw: string;
    if (block.type === 'prose') raw = o && block.content === o.content ? o.raw : content.trim();
    else if (!o) raw = `\`\`\`js${newline}${content}${newline}\`\`\``;
    else raw = (reopen ? g!.open : o.before) + code + o.after;
    out += lead + raw;
    open = g && g.index < g.count - 1 ? g : null;
  });
  if (open) out += (open as NonNullable<TextBlock['group']>).close;
  return out + (first ? from.tail : newline);
}
