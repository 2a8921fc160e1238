// One cell on the page: its name, a status badge (running, stale, fresh, error), its output drawn
// at most once per animation frame, and its source — read-only, or in an editor with the cell's
// actions when the page is editable. Cell options decide what shows: `echo` (source shown, hidden
// or folded), `output`, `include` (nothing shown) and `panel` (gathered into the inputs panel).
import type { CellDefinition, CellError, CellOptions, Claim } from '@gradbook/kernel';
import { el } from './dom.js';
import type { SourceEditor } from './editor.js';
import type { TextBlock } from './notebook-text.js';
import { draw, type Prepared } from './outputs.js';

/** What a cell's badge says: computing or streaming, waiting for an input, done, or failed. */
export type Status = 'running' | 'stale' | 'fresh' | 'error';

/** The name a cell is known by on the page and in the kernel: its name, else `cell N`. */
export function cellKey(cell: CellDefinition): string {
  return cell.name ?? `cell ${cell.index + 1}`;
}

/** What the buttons of an editable cell ask the page to do. */
export interface CellActions {
  add(view: CellView, where: 'above' | 'below'): void;
  remove(view: CellView): void;
  move(view: CellView, by: -1 | 1): void;
}

const isAssert = (cell: CellDefinition): boolean => cell.inputs.includes('assert');

/** One cell on the page. */
export class CellView {
  readonly root: HTMLElement;
  readonly output: HTMLElement;
  readonly #badge: HTMLElement;
  readonly #name: HTMLElement;
  readonly #source: HTMLDetailsElement;
  /** The cell as the kernel runs it (its `index` is the kernel's slot). */
  cell: CellDefinition;
  /** The options the file gives the cell (kept when the cell is edited in the page). */
  options: CellOptions;
  /** The block of the loaded file the cell came from; undefined for a cell added in the page. */
  original: TextBlock | undefined;
  editor: SourceEditor | null = null;
  status: Status | null = null;
  /** The kernel's computation count when the cell last went pending. */
  pendingAt = 0;
  history: [number, number][] = [];
  #latest: Prepared | null = null;
  #drawing = false;
  #renders = 0;
  running = false;

  constructor(cell: CellDefinition, options: CellOptions, readonly editable: boolean) {
    this.cell = cell;
    this.options = options;
    this.root = el('section', `gb-cell gb-cell-${cell.kind}`);
    const head = el('div', 'gb-cell-head');
    this.#badge = el('span', 'gb-badge');
    this.#name = el('span', 'gb-cell-name');
    const right = el('span', 'gb-cell-tools');
    right.append(this.#badge);
    head.append(this.#name, right);
    this.output = el('div', 'gb-output');
    this.#source = el('details', 'gb-source');
    this.#source.append(el('summary', undefined, 'source'), el('pre', undefined, cell.source));
    this.root.append(head, this.output, this.#source);
    this.#named();
    this.applyOptions(options);
    this.setStatus('stale');
  }

  /** The kernel's key for the cell (its name, or `cell N` of its slot). */
  get key(): string {
    return cellKey(this.cell);
  }

  /** The kernel's slot for the cell. */
  get slot(): number {
    return this.cell.index;
  }

  /** What the kernel runs: the cell's source as last run. */
  get runSource(): string {
    return this.cell.source;
  }

  /** The source as it stands on the page: the editor's text when there is one. */
  get text(): string {
    return this.editor ? this.editor.text() : this.cell.source;
  }

  #named(): void {
    const cell = this.cell;
    this.root.dataset.cell = this.key;
    this.root.classList.toggle('gb-assert', isAssert(cell));
    this.#name.textContent = cell.kind === 'normal' ? (cell.name ?? '') : `${cell.kind} ${cell.name}`;
  }

  /** The kernel now runs a new definition of the cell (edited, or changed on disk). */
  redefined(cell: CellDefinition): void {
    this.cell = cell;
    this.root.className = `gb-cell gb-cell-${cell.kind}`;
    this.#named();
    this.applyOptions(this.options);
    if (!this.editor) (this.#source.querySelector('pre') as HTMLElement).textContent = cell.source;
  }

  /** Shows or hides the source and output as the cell's options say. */
  applyOptions(options: CellOptions): void {
    this.options = options;
    const echo = options.echo;
    const hiddenWhenRead = options.include === false;
    this.root.classList.toggle('gb-hidden-cell', hiddenWhenRead);
    this.root.hidden = hiddenWhenRead && !this.editable;
    this.root.dataset.echo = String(echo ?? 'default');
    this.output.hidden = options.output === false;
    // Read: the source folded (echo default or 'fold'), open (echo true) or absent (echo false).
    // Editing: open unless echo is false or 'fold'.
    this.#source.hidden = echo === false && !this.editable;
    if (!this.#source.dataset.touched) this.#source.open = this.editable ? echo !== false && echo !== 'fold' : echo === true;
    this.root.dataset.panel = options.panel ?? '';
  }

  /** Puts the cell's source in an editor, with the cell's buttons. */
  attachEditor(editor: SourceEditor, actions: CellActions): void {
    this.editor = editor;
    this.#source.querySelector('pre')?.replaceWith(editor.root);
    this.#source.addEventListener('toggle', () => (this.#source.dataset.touched = 'true'));
    const tools = this.root.querySelector('.gb-cell-tools')!;
    const button = (label: string, title: string, testId: string, act: () => void): HTMLButtonElement => {
      const b = el('button', 'gb-tool', label);
      b.type = 'button';
      b.title = title;
      b.setAttribute('aria-label', title);
      b.dataset.testid = testId;
      b.addEventListener('click', act);
      return b;
    };
    tools.prepend(
      button('↑', 'move up', 'move-up', () => actions.move(this, -1)),
      button('↓', 'move down', 'move-down', () => actions.move(this, 1)),
      button('+↑', 'add a cell above', 'add-above', () => actions.add(this, 'above')),
      button('+↓', 'add a cell below', 'add-below', () => actions.add(this, 'below')),
      button('✕', 'delete this cell', 'delete', () => actions.remove(this)),
    );
  }

  /** Opens the source (to edit a new cell). */
  openSource(): void {
    this.#source.open = true;
    this.#source.dataset.touched = 'true';
  }

  /** Marks the cell edited on the page and not yet saved (or not). */
  markDirty(dirty: boolean): void {
    if (dirty) this.root.dataset.dirty = 'true';
    else delete this.root.dataset.dirty;
  }

  setStatus(status: Status, computations?: number): void {
    if (computations !== undefined) this.root.dataset.computations = String(computations);
    if (status === this.status) return;
    this.status = status;
    this.root.dataset.status = status;
    this.#badge.textContent = status;
  }

  /** Draws the latest value at the next frame; values that arrive meanwhile replace it. */
  show(prepared: Prepared): void {
    this.#latest = prepared;
    if (this.#drawing) return;
    this.#drawing = true;
    requestAnimationFrame(() => void this.#pump());
  }

  async #pump(): Promise<void> {
    while (this.#latest) {
      const next = this.#latest;
      this.#latest = null;
      try {
        delete this.root.dataset.assert;
        await draw(this.output, next, this.running);
        this.root.dataset.renders = String(++this.#renders);
      } catch (error) {
        // A value freed before it could be read: a newer one is on its way.
        if (!this.#latest) this.output.replaceChildren(el('div', 'gb-error', `could not draw: ${(error as Error).message}`));
      }
    }
    this.#drawing = false;
  }

  /** An assert cell's claim (the kernel's `claimOf`): ✓ holds, or ✗ does not hold. */
  showClaim(claim: Claim): void {
    this.#latest = null;
    this.root.dataset.assert = claim.holds ? 'pass' : 'fail';
    const box = el('div', `gb-claim gb-claim-${claim.holds ? 'pass' : 'fail'}`);
    box.dataset.testid = 'claim';
    box.append(el('span', 'gb-claim-mark', claim.holds ? '✓' : '✗'), el('span', 'gb-claim-text', `${claim.holds ? 'holds' : 'does not hold'}: ${claim.claim}`));
    if (!claim.holds) box.setAttribute('role', 'alert');
    this.output.replaceChildren(box);
  }

  showError(error: CellError): void {
    this.#latest = null;
    delete this.root.dataset.assert;
    const box = el('div', 'gb-error', error.message);
    box.setAttribute('role', 'alert');
    this.output.replaceChildren(box);
  }
}
