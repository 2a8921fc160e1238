// The open notebook's run on @gradbook/kernel: every cell view has a slot (a kernel cell index);
// a cell edited on the page or changed on disk is redefined in its slot, a removed cell's slot is
// emptied, a new cell takes an empty one. The run starts with spare empty slots so that adding
// cells redefines a spare instead of restarting everything; only when they run out (or the seed
// changes) does the run start again. Statuses follow the run's change notifications.
import { claimOf, compileCell, gb, run, type CellDefinition, type NotebookDefinition, type NotebookRun } from '@gradbook/kernel';
import type { CellView, Status } from './cell-view.js';
import { Inputs } from './inputs.js';
import type { LinkState } from './link-state.js';
import { isTrainEvent, prepare } from './outputs.js';

const SPARE_SLOTS = 16;

/** `gb` with `loadMnist` reading the files this app serves under `mnist/`. */
function appGb(): unknown {
  const mnistBase = new URL('mnist/', location.href).href;
  const loadMnist = gb.loadMnist as (options?: Record<string, unknown>) => Promise<unknown>;
  return Object.freeze({ ...gb, loadMnist: (options: Record<string, unknown> = {}) => loadMnist({ baseUrl: mnistBase, ...options }) });
}

/** The run of the open notebook, and which view each kernel slot shows. */
export class KernelSession {
  notebook: NotebookRun | null = null;
  readonly #slots = new Map<number, CellView>();
  #free: number[] = [];
  #unsubscribe: (() => void) | null = null;
  #queued = false;
  /** Called after the run (re)started. */
  onStart: (notebook: NotebookRun) => void = () => undefined;

  constructor(readonly link: LinkState) {}

  /**
   * Starts (or restarts) the run with the views' sources, in page order: view k gets slot k.
   *
   * @param definition - the notebook as compiled (seed, backend, title).
   * @param views - the cell views in page order.
   * @param overrides - values replacing cells (test mode).
   */
  async start(definition: NotebookDefinition, views: readonly CellView[], overrides: Record<string, unknown>): Promise<NotebookRun> {
    this.#unsubscribe?.();
    this.notebook?.dispose();
    this.#slots.clear();
    const cells: CellDefinition[] = views.map((view, i) => {
      const cell = view.cell.index === i && view.cell.source === view.text ? view.cell : { ...compileCell(view.text, i, view.cell.line, view.cell.options), range: view.cell.range, fence: view.cell.fence };
      view.redefined(cell);
      this.#slots.set(i, view);
      return cell;
    });
    const spare = Array.from({ length: SPARE_SLOTS }, (_, k) => compileCell('', cells.length + k));
    this.#free = spare.map((c) => c.index);
    const names = new Set(cells.map((c) => c.name).filter((n): n is string => n !== null));
    const kept = Object.fromEntries(Object.entries(overrides).filter(([name]) => names.has(name)));
    const notebook = await run({ ...definition, cells: [...cells, ...spare] }, { backend: 'keep', overrides: kept, library: { Inputs, gb: appGb() }, observer: (cell, { view }) => this.#observer(cell, view) });
    this.notebook = notebook;
    // Statuses follow the kernel's change notifications, redrawn at most once per frame.
    this.#unsubscribe = notebook.onChange(() => {
      if (this.#queued) return;
      this.#queued = true;
      requestAnimationFrame(() => {
        this.#queued = false;
        this.tick();
      });
    });
    this.tick();
    this.onStart(notebook);
    return notebook;
  }

  #observer(cell: CellDefinition, isView: boolean): ReturnType<NonNullable<Parameters<typeof run>[1]>['observer'] & {}> {
    const view = this.#slots.get(cell.index);
    if (!view) return undefined;
    const link = this.link;
    if (isView) {
      return {
        fulfilled: (input) => {
          link.bind(cell.name!, input);
          view.show(prepare(input, []));
        },
        rejected: (error) => {
          view.setStatus('error');
          view.showError(error);
        },
      };
    }
    return {
      pending: () => {
        view.pendingAt = this.notebook?.cell(view.key)?.computations ?? 0;
        view.history = [];
        view.setStatus('stale');
      },
      fulfilled: (value) => {
        if (cell.kind === 'viewof') {
          view.setStatus('fresh');
          link.valueOf(cell.name!, value);
          return;
        }
        if (isTrainEvent(value)) {
          const last = view.history[view.history.length - 1];
          if (last && value.step <= last[0]) view.history = [];
          view.history.push([value.step, value.loss]);
        }
        const state = this.notebook?.cell(view.key);
        view.running = state?.running ?? false;
        view.setStatus(view.running ? 'running' : 'fresh', state?.computations);
        const claim = state ? claimOf(state) : null;
        if (claim) view.showClaim(claim);
        else view.show(prepare(value, view.history));
      },
      rejected: (error) => {
        view.setStatus('error');
        const state = this.notebook?.cell(view.key);
        const claim = state ? claimOf(state) : null;
        if (claim) view.showClaim(claim);
        else view.showError(error);
      },
    };
  }

  /** Runs a view's new source in its slot: dependents recompute; a syntax error shows in the cell. */
  redefine(view: CellView, source: string): void {
    if (!this.notebook) return;
    this.#slots.set(view.slot, view);
    const cell = this.notebook.redefineCell(view.slot, source);
    view.redefined({ ...cell, range: view.cell.range, fence: view.cell.fence });
    this.tick();
  }

  /**
   * Gives a new view an empty slot and runs its source there.
   *
   * @returns false when no slot is free (the caller restarts the run).
   */
  add(view: CellView): boolean {
    const slot = this.#free.shift();
    if (slot === undefined || !this.notebook) return false;
    view.cell = { ...view.cell, index: slot };
    this.#slots.set(slot, view);
    if (view.text.trim() !== '') this.redefine(view, view.text);
    else view.redefined(view.cell);
    return true;
  }

  /** Empties a removed view's slot: what read its name now fails with "not defined". */
  remove(view: CellView): void {
    if (!this.notebook || this.#slots.get(view.slot) !== view) return;
    this.#slots.delete(view.slot);
    this.notebook.redefineCell(view.slot, '');
    this.#free.push(view.slot);
  }

  /** Statuses: running (computing or streaming), stale (waiting for an input to recompute), fresh, error. */
  tick(): void {
    const notebook = this.notebook;
    if (!notebook) return;
    for (const view of this.#slots.values()) {
      const state = notebook.cell(view.key);
      if (!state || state.cell.index !== view.slot) continue;
      const status: Status =
        state.status === 'rejected' ? 'error' : state.status === 'pending' ? (state.computations > view.pendingAt ? 'running' : 'stale') : state.running ? 'running' : 'fresh';
      view.root.dataset.computations = String(state.computations);
      if (view.running && !state.running && status === 'fresh') {
        view.running = false;
        // Redraw the last training event without the running style.
        view.root.querySelector('.gb-progress-fill')?.classList.remove('gb-indeterminate');
      }
      view.setStatus(status);
    }
  }
}
