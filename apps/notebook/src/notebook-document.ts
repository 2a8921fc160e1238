// The open notebook as the page holds it: its blocks (prose and cell views) in order, the file text
// they came from, and the two ways they change — an edit on the page, or a new version of the file
// from disk, which keeps the cells whose source did not change (see cell-diff.ts) and re-renders
// prose in place. Saving composes the new file text from the blocks (see notebook-text.ts).
import type { CellOptions, NotebookDefinition } from '@gradbook/kernel';
import { planCells } from './cell-diff.js';
import { CellView } from './cell-view.js';
import { el } from './dom.js';
import { composeNotebook, splitNotebook, type NotebookText } from './notebook-text.js';
import { ProseView } from './prose-view.js';

/** A block of the page. */
export type BlockView = CellView | ProseView;

/** What a new version of the file did to the page's cells. */
export interface Applied {
  /** Kept cells whose source changed, with the new source to run. */
  readonly changed: { view: CellView; source: string }[];
  readonly added: CellView[];
  readonly removed: CellView[];
}

/** The notebook's blocks, their place in the page, and the file they are saved to. */
export class NotebookDocument {
  /** The main column (prose and cells in order) and the sticky panel of `panel: input` cells. */
  readonly root: HTMLElement = el('main', 'gb-notebook');
  readonly panel: HTMLElement = el('div', 'gb-input-panel');
  blocks: BlockView[] = [];
  /** The file text the page last loaded or saved, split into blocks, and its hash. */
  loaded: NotebookText;
  hash: string | null;
  definition: NotebookDefinition;

  constructor(
    readonly file: string,
    text: string,
    hash: string | null,
    definition: NotebookDefinition,
    readonly editable: boolean,
    /** Called for every block made (to make it editable). */
    readonly prepare: (block: BlockView) => void,
  ) {
    this.panel.dataset.testid = 'input-panel';
    this.loaded = splitNotebook(text, definition);
    this.hash = hash;
    this.definition = definition;
    let k = 0;
    for (const block of definition.blocks) {
      const original = this.loaded.blocks[k++];
      if (block.type === 'prose') this.blocks.push(this.#prose(block.markdown, original));
      else this.blocks.push(this.#cell(block.cell, block.cell.options, original));
    }
    this.place();
  }

  #prose(markdown: string, original: ProseView['original']): ProseView {
    const view = new ProseView(markdown, original);
    this.prepare(view);
    return view;
  }

  #cell(cell: CellView['cell'], options: CellOptions, original: CellView['original']): CellView {
    const view = new CellView(cell, options, this.editable);
    view.original = original;
    this.prepare(view);
    return view;
  }

  /** The cell views in page order. */
  get cells(): CellView[] {
    return this.blocks.filter((b): b is CellView => b instanceof CellView);
  }

  /** Puts every block's element in its place: `panel: input` cells in the panel, the rest in order. */
  place(): void {
    const inPanel = this.blocks.filter((b) => b instanceof CellView && (b.options.panel === 'input' || b.options.panel === 'sidebar'));
    const flow = this.blocks.filter((b) => !inPanel.includes(b));
    const order = (parent: HTMLElement, roots: HTMLElement[], first: Node | null): void => {
      let at: Node | null = first;
      for (const root of roots) {
        if (at !== root) parent.insertBefore(root, at);
        at = root.nextSibling;
      }
      while (at) {
        const next: Node | null = at.nextSibling;
        parent.removeChild(at);
        at = next;
      }
    };
    // The panel stands where its first cell would, and sticks to the top from there.
    const at = inPanel.length > 0 ? this.blocks.indexOf(inPanel[0]!) : -1;
    const roots = flow.map((b) => b.root);
    if (at >= 0) roots.splice(flow.filter((b) => this.blocks.indexOf(b) < at).length, 0, this.panel);
    order(this.panel, inPanel.map((b) => b.root), this.panel.firstChild);
    order(this.root, roots, this.root.firstChild);
  }

  /** The file text the page's blocks make now. */
  compose(): string {
    return composeNotebook(
      this.loaded,
      this.blocks.map((b) => ({ type: b instanceof CellView ? 'cell' : 'prose', original: b.original, content: b.text })),
    );
  }

  /** Whether the page differs from the file it loaded. */
  get dirty(): boolean {
    return this.compose() !== this.loaded.text;
  }

  /** Marks each cell that differs from the loaded file. */
  markDirty(): void {
    for (const cell of this.cells) cell.markDirty(cell.original === undefined || cell.text !== cell.original.content);
  }

  /** Inserts a block next to another (or at the end). */
  insert(block: BlockView, next: BlockView | undefined, where: 'above' | 'below'): void {
    const i = next ? this.blocks.indexOf(next) : -1;
    if (i < 0) this.blocks.push(block);
    else this.blocks.splice(where === 'above' ? i : i + 1, 0, block);
    this.place();
  }

  /** Makes a new, empty cell view (not yet in the page). */
  newCell(make: (source: string) => CellView['cell']): CellView {
    return this.#cell(make(''), {}, undefined);
  }

  /** Takes a block out of the page. */
  removeBlock(block: BlockView): void {
    this.blocks = this.blocks.filter((b) => b !== block);
    block.root.remove();
    this.place();
  }

  /** Moves a cell one place up or down among the blocks. */
  move(block: BlockView, by: -1 | 1): void {
    const i = this.blocks.indexOf(block);
    const j = i + by;
    if (i < 0 || j < 0 || j >= this.blocks.length) return;
    [this.blocks[i], this.blocks[j]] = [this.blocks[j]!, this.blocks[i]!];
    this.place();
  }

  /** The page's blocks were saved as `text`: it is what the page loaded now. */
  saved(text: string, hash: string | null, definition: NotebookDefinition): boolean {
    const split = splitNotebook(text, definition);
    if (split.blocks.length !== this.blocks.length) return false;
    this.blocks.forEach((b, i) => (b.original = split.blocks[i]));
    this.loaded = split;
    this.hash = hash;
    this.definition = definition;
    this.markDirty();
    return true;
  }

  /**
   * Takes a new version of the file: cells whose source is unchanged are kept as they are, a
   * changed cell takes its new source in place, new cells are made and missing ones removed; prose
   * is re-rendered in place. The caller runs what changed (see {@link Applied}).
   */
  apply(text: string, hash: string | null, definition: NotebookDefinition, make: (source: string) => CellView['cell']): Applied {
    const split = splitNotebook(text, definition);
    const oldCells = this.cells;
    const oldProse = this.blocks.filter((b): b is ProseView => b instanceof ProseView);
    const newCells = definition.blocks.filter((b) => b.type === 'cell').map((b) => (b.type === 'cell' ? b.cell : null)!);
    const plan = planCells(
      oldCells.map((c) => c.runSource),
      newCells.map((c) => c.source),
    );
    const byNew = new Map(plan.steps.map((s) => [s.to, s]));
    const result: Applied = { changed: [], added: [], removed: plan.removed.map((i) => oldCells[i]!) };
    const blocks: BlockView[] = [];
    let cellK = 0;
    let proseK = 0;
    definition.blocks.forEach((block, k) => {
      const original = split.blocks[k];
      if (block.type === 'prose') {
        const view = oldProse[proseK++];
        if (view) {
          view.render(block.markdown);
          view.original = original;
          blocks.push(view);
        } else blocks.push(this.#prose(block.markdown, original));
        return;
      }
      const step = byNew.get(cellK++)!;
      if (step.op === 'add') {
        const view = this.#cell(make(block.cell.source), block.cell.options, original);
        result.added.push(view);
        blocks.push(view);
        return;
      }
      const view = oldCells[step.from]!;
      view.original = original;
      view.applyOptions(block.cell.options);
      if (step.op === 'change') {
        view.editor?.setText(block.cell.source);
        result.changed.push({ view, source: block.cell.source });
      }
      blocks.push(view);
    });
    this.blocks = blocks;
    this.loaded = split;
    this.hash = hash;
    this.definition = definition;
    this.place();
    this.markDirty();
    return result;
  }
}
