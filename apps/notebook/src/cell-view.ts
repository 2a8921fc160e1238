// One cell on the page: its name, a status badge (running, stale, fresh, error), its output drawn
// at most once per animation frame, and its source.
import type { CellDefinition, CellError } from '@gradbook/kernel';
import { el } from './dom.js';
import { draw, type Prepared } from './outputs.js';

/** What a cell's badge says: computing or streaming, waiting for an input, done, or failed. */
export type Status = 'running' | 'stale' | 'fresh' | 'error';

/** The name a cell is known by on the page and in the kernel: its name, else `cell N`. */
export function cellKey(cell: CellDefinition): string {
  return cell.name ?? `cell ${cell.index + 1}`;
}

/** One cell on the page. */
export class CellView {
  readonly root: HTMLElement;
  readonly output: HTMLElement;
  readonly #badge: HTMLElement;
  readonly key: string;
  status: Status | null = null;
  /** The kernel's computation count when the cell last went pending. */
  pendingAt = 0;
  history: [number, number][] = [];
  #latest: Prepared | null = null;
  #drawing = false;
  #renders = 0;
  running = false;

  constructor(readonly cell: CellDefinition) {
    this.key = cellKey(cell);
    this.root = el('section', `gb-cell gb-cell-${cell.kind}`);
    this.root.dataset.cell = this.key;
    const head = el('div', 'gb-cell-head');
    this.#badge = el('span', 'gb-badge');
    head.append(el('span', 'gb-cell-name', cell.kind === 'normal' ? (cell.name ?? '') : `${cell.kind} ${cell.name}`), this.#badge);
    this.output = el('div', 'gb-output');
    const source = el('details', 'gb-source');
    source.append(el('summary', undefined, 'source'), el('pre', undefined, cell.source));
    this.root.append(head, this.output, source);
    this.setStatus('stale');
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
        await draw(this.output, next, this.running);
        this.root.dataset.renders = String(++this.#renders);
      } catch (error) {
        // A value freed before it could be read: a newer one is on its way.
        if (!this.#latest) this.output.replaceChildren(el('div', 'gb-error', `could not draw: ${(error as Error).message}`));
      }
    }
    this.#drawing = false;
  }

  showError(error: CellError): void {
    this.#latest = null;
    const box = el('div', 'gb-error', error.message);
    box.setAttribute('role', 'alert');
    this.output.replaceChildren(box);
  }
}
