import type { Module, Runtime, Variable } from '@observablehq/runtime';
import { GradbookError, setBackend, getBackend, type BackendName } from '@gradbook/core';
import { compileCell, type CellDefinition } from './cell.js';
import type { NotebookDefinition } from './compile.js';
import type { CellCache } from './cache/cell-cache.js';
import { ContentKeys } from './cache/content-key.js';
import { computation, type ComputationContext, type ComputationSpec } from './computation.js';
import { library } from './library.js';
import { TensorOwnership } from './ownership.js';
import { cellVariables, constantVariable, type VariableSpec } from './cell-variables.js';
import { placeVariables, type Placement, type Slot } from './cell-slots.js';
import { valueObserver, viewObserver, type ObserverContext } from './cell-observers.js';
import { isBusy, newState, snapshot, type CellState, type MutableState } from './cell-state.js';
import { computePass, createRuntime, runtimeBusy } from './runtime-adapter.js';
import { ChangeSignal } from './change-signal.js';

import { defaultCache, type RunOptions, type RunResult } from './run-options.js';

export type { CellObserver, CellState } from './cell-state.js';
export type { RunOptions, RunResult } from './run-options.js';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * A notebook running on an `@observablehq/runtime`: its cells recompute when what they read
 * changes, streaming cells (generators, training runs) update their dependents as they go, and a
 * superseded computation is cancelled through its cell's `signal`. Made by {@link run}.
 */
export class NotebookRun {
  /** The compiled notebook. */
  readonly definition: NotebookDefinition;
  /** The seed in effect. */
  readonly seed: number;
  /** The backend in use. */
  readonly backend: string;
  readonly #runtime: Runtime;
  readonly #module: Module;
  readonly #states = new Map<string, MutableState>();
  readonly #variables = new Map<string, Variable>();
  /** Each cell's runtime variables, by cell index. */
  readonly #cellVariables = new Map<number, Slot[]>();
  /** The cells whose definitions an override or `set` replaced, by index. */
  readonly #replaced = new Set<number>();
  /** The cells as currently defined (`redefineCell` replaces entries). */
  readonly #cells: CellDefinition[];
  readonly #options: RunOptions;
  readonly #names = new Set<string>();
  readonly #ownership = new TensorOwnership();
  readonly #keys = new ContentKeys();
  readonly #cache: CellCache | null;
  /** Tells `settled()` and `onChange` listeners that a cell's state changed. */
  readonly #changes = new ChangeSignal();
  readonly #writes = new Set<Promise<unknown>>();
  readonly #context: ComputationContext;
  readonly #observers: ObserverContext;
  #disposed = false;

  /** Use {@link run}. */
  constructor(definition: NotebookDefinition, backend: string, options: RunOptions) {
    this.definition = definition;
    this.seed = definition.seed;
    this.backend = backend;
    this.#cache = options.cache === undefined ? defaultCache() : options.cache;
    this.#cells = [...definition.cells];
    this.#options = options;
    const isNotebookName = (name: string): boolean => this.#names.has(name);
    const notify = (): void => this.#notify();
    this.#context = {
      ownership: this.#ownership,
      keys: this.#keys,
      cache: this.#cache,
      seed: this.seed,
      backend,
      isNotebookName,
      trackWrite: (write) => {
        this.#writes.add(write);
        void write.then(() => this.#writes.delete(write));
      },
      notify,
    };
    this.#observers = { isNotebookName, notify };
    const builtins = library({ seed: definition.seed, backend, ...options.library });
    for (const [name, value] of Object.entries(builtins)) this.#keys.register(value, `builtin:${name}`);
    this.#runtime = createRuntime(builtins);
    this.#module = this.#runtime.module();

    const overrides = options.overrides ?? {};
    this.#collectNames();
    for (const name of Object.keys(overrides)) {
      if (!definition.cells.some((c) => c.name === name)) {
        const known = definition.cells.filter((c) => c.name).map((c) => c.name);
        throw new GradbookError('run(overrides)', `no cell defines ${name}; the notebook defines ${known.join(', ') || 'no named cells'}`);
      }
    }
    for (const cell of definition.cells) this.#defineCell(cell, overrides);
  }

  #collectNames(): void {
    this.#names.clear();
    for (const cell of this.#cells) {
      if (cell.name) {
        this.#names.add(cell.name);
        if (cell.kind !== 'normal') this.#names.add(`${cell.kind} ${cell.name}`);
        if (cell.kind === 'mutable') this.#names.add(`initial ${cell.name}`);
      }
    }
  }

  /** Defines a cell's variables, redefining its previous ones in place (see cell-slots.ts). */
  #defineCell(cell: CellDefinition, overrides: Readonly<Record<string, unknown>>): void {
    const state = newState(cell);
    // A duplicate definition: the runtime reports it on both cells; keep the first state.
    if (!this.#states.has(state.key)) this.#states.set(state.key, state);
    const hasOverride = cell.name !== null && Object.prototype.hasOwnProperty.call(overrides, cell.name);
    if (hasOverride) this.#replaced.add(cell.index);
    const specs = cellVariables(cell, hasOverride ? { value: overrides[cell.name!] } : undefined, this.#ownership);
    const user = this.#options.observer?.(cell, { view: false });
    const userView = specs.some((s) => s.role === 'view') ? this.#options.observer?.(cell, { view: true }) : undefined;
    const placements: Placement[] = specs.map((spec) => ({
      name: spec.name,
      inputs: spec.inputs,
      definition: this.#definition(state, spec),
      observed: spec.role !== 'hidden',
      observer: spec.role === 'value' ? valueObserver(state, user, this.#observers) : spec.role === 'view' ? viewObserver(state, userView, this.#observers) : null,
    }));
    const previous = this.#cellVariables.get(cell.index) ?? [];
    for (const slot of previous) if (slot.name !== null && this.#variables.get(slot.name) === slot.variable) this.#variables.delete(slot.name);
    const slots = placeVariables(this.#module, previous, placements);
    for (const slot of slots) if (slot.name !== null && !this.#variables.has(slot.name)) this.#variables.set(slot.name, slot.variable);
    this.#cellVariables.set(cell.index, slots);
  }

  /** A variable's runtime definition: a computation bound to its cell's state, or the plain one (internal). */
  #definition(state: MutableState, spec: VariableSpec): unknown {
    return typeof spec.definition === 'function' ? spec.definition : computation(this.#context, state, spec.definition as ComputationSpec);
  }

  #notify(): void {
    this.#changes.notify();
  }

  #busy(): boolean {
    if (runtimeBusy(this.#runtime)) return true;
    for (const s of this.#states.values()) if (isBusy(s)) return true;
    return false;
  }

  /**
   * Waits until every cell has settled: no cell computing, no streaming cell producing values
   * (inputs waiting for events do not count) and no cache entry being written.
   *
   * @param options - `timeout`: stop waiting after this many milliseconds (default: wait as long as it takes).
   * @returns true when the notebook is quiet, false when the timeout came first.
   */
  async settled(options: { timeout?: number } = {}): Promise<boolean> {
    const deadline = options.timeout === undefined ? Infinity : performance.now() + options.timeout;
    for (;;) {
      if (this.#disposed) return true;
      if (performance.now() > deadline) return false;
      await computePass(this.#runtime);
      if (!this.#busy()) {
        await tick();
        if (this.#busy()) continue;
        if (this.#writes.size > 0) {
          await Promise.all(this.#writes);
          continue;
        }
        return true;
      }
      // The runtime's own work ends with its computation pass (awaited above); the cells' work
      // ends with a change of their state, which every observer and stream reports.
      if (runtimeBusy(this.#runtime)) continue;
      const change = this.#changes.next();
      if (deadline === Infinity) await change;
      else {
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([change, new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - performance.now()) + 1)))]);
        clearTimeout(timer);
      }
    }
  }

  /**
   * Subscribes to changes of the cells' states: `listener` is called after each burst of changes
   * (a cell starts or stops computing, gets a value or an error, a stream yields or ends, a cell is
   * redefined), once per burst, at the next microtask — not on a timer. Read {@link NotebookRun.cells}
   * or {@link NotebookRun.cell} in it; a listener that throws is reported on the console and kept.
   * After {@link NotebookRun.dispose} listeners are called once more and then dropped.
   *
   * @param listener - called with no arguments.
   * @returns a function that unsubscribes.
   * @throws TypeError when `listener` is not a function.
   * @example
   * const stop = notebook.onChange(() => console.log(notebook.unfinished));
   * await notebook.settled();
   * stop();
   */
  onChange(listener: () => void): () => void {
    return this.#changes.subscribe(listener);
  }

  /** The state of every cell, in notebook order. */
  get cells(): readonly CellState[] {
    return [...this.#states.values()].sort((a, b) => a.cell.index - b.cell.index).map(snapshot);
  }

  /**
   * Replaces one cell's source, as editing it in an app does: the new source is compiled and the
   * cell's runtime variables are redefined in place (the old computation invalidated, its tensors
   * freed), and dependents recompute — also when the cell's name or kind changes. Overrides do not
   * apply to an edited cell. The same source as now changes nothing (unless an override or `set`
   * replaced the cell's definition, which it then restores), so repeated edits do not grow memory.
   *
   * @param index - the cell's position among the notebook's cells, from 0.
   * @param source - its new Observable JavaScript.
   * @returns the newly compiled cell (its syntax error, if any, in `error`); for an unchanged source, the current one.
   * @throws GradbookError when there is no cell at `index`, or `source` is not a string.
   * @example
   * notebook.redefineCell(3, 'y = x * 3');
   * await notebook.settled();
   */
  redefineCell(index: number, source: string): CellDefinition {
    const old = this.#cells[index];
    if (!old) throw new GradbookError('NotebookRun.redefineCell(index)', `expected a cell index from 0 to ${this.#cells.length - 1}, received ${index}`);
    if (typeof source !== 'string') throw new GradbookError('NotebookRun.redefineCell(source)', `expected the cell's source as a string, received ${source === null ? 'null' : typeof source}`);
    if (source === old.source && !this.#replaced.has(index)) return old;
    const cell = compileCell(source, index, old.line, old.options);
    // The old state's late events (a stale computation's) are not the new cell's.
    for (const [key, state] of this.#states) {
      if (state.cell.index !== index) continue;
      state.retired = true;
      this.#states.delete(key);
    }
    this.#replaced.delete(index);
    this.#cells[index] = cell;
    this.#collectNames();
    this.#defineCell(cell, {});
    this.#notify();
    return cell;
  }

  /**
   * The state of one cell.
   *
   * @param name - the cell's name (`lr` for `viewof lr`), or `cell N` for an anonymous one.
   * @returns its state, or undefined when there is no such cell.
   */
  cell(name: string): CellState | undefined {
    const s = this.#states.get(name);
    return s && snapshot(s);
  }

  /**
   * The next settled value of a variable, as `module.value(name)` of the runtime.
   *
   * @param name - a cell's name (or `viewof x`).
   * @returns its value; rejects with the cell's error.
   */
  value(name: string): Promise<unknown> {
    return this.#module.value(name);
  }

  /**
   * Gives a cell a new value, as moving a slider does: for a `viewof` cell the input's value is set
   * and an `input` event dispatched; any other cell is redefined to the value. Dependents
   * recompute; a stale training run stops at its next step.
   *
   * @param name - the cell's name.
   * @param value - its new value.
   * @throws GradbookError when no cell has that name.
   */
  set(name: string, value: unknown): void {
    const state = this.#states.get(name);
    if (!state || state.cell.name !== name) {
      throw new GradbookError('NotebookRun.set(name)', `no cell defines ${name}; the notebook defines ${[...this.#states.keys()].filter((k) => !k.startsWith('cell ')).join(', ')}`);
    }
    const view = state.view as { value?: unknown; dispatchEvent?: (e: Event) => boolean } | undefined;
    if (state.cell.kind === 'viewof' && view && typeof view.dispatchEvent === 'function') {
      view.value = value;
      view.dispatchEvent(new Event('input'));
      return;
    }
    this.#replaced.add(state.cell.index);
    // The initial value's tensors belong to the mutable's value, as in the cell's own definition.
    const spec = state.cell.kind === 'mutable' ? constantVariable(`initial ${name}`, 'set', value, 'silent', false) : constantVariable(name, 'set', value, 'value');
    this.#variables.get(spec.name!)!.define(spec.name, spec.inputs, this.#definition(state, spec));
  }

  /** The names of the cells still computing or streaming. */
  get unfinished(): string[] {
    return [...this.#states.values()].filter(isBusy).map((s) => s.key);
  }

  /** The latest value of every fulfilled cell and the message of every rejected one. */
  result(): RunResult {
    const cells: Record<string, unknown> = {};
    const errors: Record<string, string> = {};
    for (const s of this.#states.values()) {
      if (s.status === 'rejected' && s.error) errors[s.key] = s.error.message;
      else if (s.status === 'fulfilled') cells[s.key] = s.value;
    }
    return { cells, errors };
  }

  /** How many tensors the cells' current values hold. */
  get heldTensors(): number {
    return this.#ownership.size;
  }

  /** Stops every cell (streaming cells are cancelled) and disposes the tensors their values hold. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#runtime.dispose();
    this.#changes.close();
  }
}

/**
 * Runs a compiled notebook on a fresh `@observablehq/runtime`, in Node or a browser: sets the
 * backend, defines every cell, and returns at once; await `settled()` for the values.
 *
 * @param definition - from `compile(markdown)`.
 * @param options - `overrides` (default none), `observer`, `backend` (default the notebook's),
 *   `cache` (default IndexedDB in a browser, memory elsewhere; null disables), `library` (extra builtins).
 * @returns the running notebook.
 * @example
 * const nb = await run(compile('```js\nx = 2\n```\n```js\ny = x * 21\n```'), { backend: 'cpu' });
 * await nb.settled();
 * nb.result().cells.y; // 42
 * nb.dispose();
 */
export async function run(definition: NotebookDefinition, options: RunOptions = {}): Promise<NotebookRun> {
  const requested = options.backend ?? (definition.backend as BackendName);
  const backend = requested === 'keep' ? getBackend() : await setBackend(requested);
  return new NotebookRun(definition, backend, options);
}
