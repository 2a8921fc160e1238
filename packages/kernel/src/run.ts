import { Runtime, RuntimeError, type Module, type Variable } from '@observablehq/runtime';
import { GradbookError, setBackend, getBackend, type BackendName } from '@gradbook/core';
import { compileCell, type CellDefinition } from './cell.js';
import type { NotebookDefinition } from './compile.js';
import { CellError } from './cell-error.js';
import { MemoryCache, type CellCache } from './cache/cell-cache.js';
import { IndexedDbCache } from './cache/indexeddb-cache.js';
import { ContentKeys } from './cache/content-key.js';
import { computation, runtimeInputs, type ComputationContext, type ComputationSpec } from './computation.js';
import { Generators, Mutable, type InputLike } from './generators.js';
import { library } from './library.js';
import { TensorOwnership } from './ownership.js';

/** What the kernel tells an observer of one cell, as Observable's observers. */
export interface CellObserver {
  /** The cell started computing. */
  pending?(): void;
  /** The cell has a (new) value; a streaming cell calls this once per value. */
  fulfilled?(value: unknown): void;
  /** The cell failed. */
  rejected?(error: CellError): void;
}

/** The options of {@link run}. */
export interface RunOptions {
  /** Values that replace cells' definitions (for `viewof x`, the input's value), by name. Default none. */
  overrides?: Readonly<Record<string, unknown>>;
  /** Called once per cell (and for `viewof` cells once more with `view: true`); may return an observer. */
  observer?: (cell: CellDefinition, options: { view: boolean }) => CellObserver | undefined;
  /** The TensorFlow.js backend; default the notebook's `backend` (`auto` when unset). `keep` leaves the current one. */
  backend?: BackendName | 'keep';
  /**
   * Where cacheable cells keep their values; default an {@link IndexedDbCache} in a browser and a
   * fresh {@link MemoryCache} elsewhere (the CLI passes a `DiskCache`); null disables caching.
   */
  cache?: CellCache | null;
  /** Builtins to add or replace (e.g. `{ Inputs }` from @observablehq/inputs). */
  library?: Record<string, unknown>;
}

/** What the kernel knows about one cell while it runs. */
export interface CellState {
  /** The cell's name, or `cell N` (N from 1) for an anonymous cell. */
  readonly key: string;
  /** The compiled cell. */
  readonly cell: CellDefinition;
  /** `pending` while computing, then `fulfilled` or `rejected`. */
  readonly status: 'pending' | 'fulfilled' | 'rejected';
  /** The latest value (for `viewof x`, the input's value). */
  readonly value: unknown;
  /** The error, when rejected. */
  readonly error: CellError | null;
  /** The input element (headless or DOM) of a `viewof` cell. */
  readonly view: unknown;
  /** Whether a streaming cell (a generator, e.g. a training run) is still producing values. */
  readonly running: boolean;
  /** How many times the cell's value came from the cache. */
  readonly cacheHits: number;
  /** How many computations of this cell have started (cache hits included). */
  readonly computations: number;
}

interface MutableState {
  key: string;
  cell: CellDefinition;
  status: 'pending' | 'fulfilled' | 'rejected';
  value: unknown;
  error: CellError | null;
  view: unknown;
  running: number;
  cacheHits: number;
  computations: number;
  /** Set when `redefineCell` replaces the cell: its variables' last events are not the cell's. */
  retired?: boolean;
}

/** The view of a `viewof` cell, checked to be an input (internal). */
function asInput(viewName: string, view: unknown): InputLike {
  if (view !== null && typeof view === 'object' && typeof (view as InputLike).addEventListener === 'function' && 'value' in view) return view as InputLike;
  const got = view === null ? 'null' : typeof view === 'object' ? (view.constructor?.name ?? 'an object') : typeof view;
  throw new Error(`${viewName} must be an input with a value and input events (an Inputs.* input or a form element), got ${got}`);
}

/** IndexedDB in a browser, memory elsewhere (Node passes a `DiskCache` explicitly) (internal). */
function defaultCache(): CellCache {
  return typeof globalThis.indexedDB === 'object' && globalThis.indexedDB !== null ? new IndexedDbCache() : new MemoryCache();
}

/** The values and errors of a run, by cell name. */
export interface RunResult {
  /** Each fulfilled cell's latest value. */
  readonly cells: Record<string, unknown>;
  /** Each rejected cell's error message. */
  readonly errors: Record<string, string>;
}

const isThenable = (v: unknown): v is PromiseLike<unknown> => v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as PromiseLike<unknown>).then === 'function';
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));


function cacheable(cell: CellDefinition): boolean {
  return cell.options.cache ?? /\btrain\s*\(/.test(cell.source);
}


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
  readonly #cellVariables = new Map<number, Variable[]>();
  /** The cells as currently defined (`redefineCell` replaces entries). */
  readonly #cells: CellDefinition[];
  readonly #options: RunOptions;
  #defining = -1;
  readonly #names = new Set<string>();
  readonly #ownership = new TensorOwnership();
  readonly #keys = new ContentKeys();
  readonly #cache: CellCache | null;
  /** Resolves at the next change of any cell's state (made on demand). */
  #change: { promise: Promise<void>; resolve: () => void } | null = null;
  readonly #writes = new Set<Promise<unknown>>();
  readonly #context: ComputationContext;
  #disposed = false;

  /** Use {@link run}. */
  constructor(definition: NotebookDefinition, backend: string, options: RunOptions) {
    this.definition = definition;
    this.seed = definition.seed;
    this.backend = backend;
    this.#cache = options.cache === undefined ? defaultCache() : options.cache;
    this.#cells = [...definition.cells];
    this.#options = options;
    this.#context = {
      ownership: this.#ownership,
      keys: this.#keys,
      cache: this.#cache,
      seed: this.seed,
      backend,
      isNotebookName: (name) => this.#names.has(name),
      trackWrite: (write) => {
        this.#writes.add(write);
        void write.then(() => this.#writes.delete(write));
      },
      notify: () => this.#notify(),
    };
    const builtins = library({ seed: definition.seed, backend, ...options.library });
    for (const [name, value] of Object.entries(builtins)) this.#keys.register(value, `builtin:${name}`);
    const wrapped: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(builtins)) wrapped[name] = () => value;
    this.#runtime = new Runtime(wrapped);
    this.#module = this.#runtime.module();

    const overrides = options.overrides ?? {};
    this.#collectNames();
    for (const name of Object.keys(overrides)) {
      if (!definition.cells.some((c) => c.name === name)) {
        const known = definition.cells.filter((c) => c.name).map((c) => c.name);
        throw new GradbookError('run(overrides)', `no cell defines ${name}; the notebook defines ${known.join(', ') || 'no named cells'}`);
      }
    }
    for (const cell of definition.cells) this.#defineCell(cell, overrides, options);
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

  #defineCell(cell: CellDefinition, overrides: Readonly<Record<string, unknown>>, options: RunOptions): void {
    this.#defining = cell.index;
    this.#cellVariables.set(cell.index, []);
    const key = cell.name ?? `cell ${cell.index + 1}`;
    const state: MutableState = { key, cell, status: 'pending', value: undefined, error: null, view: undefined, running: 0, cacheHits: 0, computations: 0 };
    if (this.#states.has(key)) {
      // A duplicate definition: the runtime reports it on both cells; keep the first state.
    } else this.#states.set(key, state);
    const user = options.observer?.(cell, { view: false });
    const observer = this.#observer(state, user, cell.name);
    const hasOverride = cell.name !== null && Object.prototype.hasOwnProperty.call(overrides, cell.name);
    const override = hasOverride ? overrides[cell.name!] : undefined;

    if (cell.error !== null) {
      const message = cell.error;
      const fail = (): never => {
        const error = new SyntaxError(message);
        throw error;
      };
      if (cell.kind === 'normal' || !cell.name) this.#define(cell.name, [], fail, observer);
      else {
        this.#define(`${cell.kind} ${cell.name}`, [], fail, cell.kind === 'viewof' ? this.#viewObserver(state, options.observer?.(cell, { view: true })) : false);
        this.#define(cell.name, [`${cell.kind} ${cell.name}`], (v: unknown) => v, observer);
      }
      return;
    }

    const body = cell.body!;
    const inputs = cell.inputs;
    switch (cell.kind) {
      case 'normal': {
        if (hasOverride) this.#define(cell.name, ['invalidation'], this.#computation(state, { variable: cell.name!, keySource: `override ${JSON.stringify(override) ?? String(override)}`, params: [], body: () => override, cache: false }), observer);
        else this.#define(cell.name, runtimeInputs(inputs), this.#computation(state, { variable: cell.name ?? key, keySource: cell.source, params: inputs, body, cache: cacheable(cell) }), observer);
        return;
      }
      case 'viewof': {
        const viewName = `viewof ${cell.name}`;
        const viewBody = hasOverride
          ? function (this: unknown, ...args: unknown[]): unknown {
              const view = body.apply(this, args);
              const set = (v: unknown): unknown => {
                if (v !== null && typeof v === 'object' && 'value' in v) (v as { value: unknown }).value = override;
                return v;
              };
              return isThenable(view) ? view.then(set) : set(view);
            }
          : body;
        const viewObserver = this.#viewObserver(state, options.observer?.(cell, { view: true }));
        this.#define(viewName, runtimeInputs(inputs), this.#computation(state, { variable: viewName, keySource: cell.source, params: inputs, body: viewBody, cache: false }), viewObserver);
        this.#define(cell.name, runtimeInputs([viewName]), this.#computation(state, { variable: cell.name!, keySource: `input of ${viewName}`, params: [viewName], body: (view: unknown) => Generators.input(asInput(viewName, view)), cache: false }), observer);
        return;
      }
      case 'mutable': {
        const initial = `initial ${cell.name}`;
        // The initial value's tensors belong to the mutable's value (the `name` variable), which
        // frees them when a cell assigns a new value.
        if (hasOverride) this.#define(initial, runtimeInputs([]), this.#computation(state, { variable: initial, keySource: `override ${JSON.stringify(override)}`, params: [], body: () => override, cache: false, owns: false }), true);
        else this.#define(initial, runtimeInputs(inputs), this.#computation(state, { variable: initial, keySource: cell.source, params: inputs, body, cache: false, owns: false }), true);
        // A value assigned and replaced before any cell read it is freed (unless a live cell holds it).
        const drop = (dropped: unknown): void => void this.#ownership.release(this.#ownership.hold(dropped));
        this.#define(`mutable ${cell.name}`, [initial], (v: unknown) => new Mutable(v, drop), false);
        const mutable = `mutable ${cell.name}`;
        this.#define(cell.name, runtimeInputs([mutable]), this.#computation(state, { variable: cell.name!, keySource: `value of ${mutable}`, params: [mutable], body: (m: unknown) => (m as Mutable).generator, cache: false }), observer);
        return;
      }
    }
  }

  #define(name: string | null, inputs: readonly string[], definition: unknown, observer: object | boolean): void {
    const variable = this.#module.variable(observer as never);
    variable.define(name, inputs, definition);
    this.#cellVariables.get(this.#defining)?.push(variable);
    if (name !== null && !this.#variables.has(name)) this.#variables.set(name, variable);
  }

  /** A variable's definition (see computation.ts), bound to this run (internal). */
  #computation(state: MutableState, spec: ComputationSpec): ReturnType<typeof computation> {
    return computation(this.#context, state, spec);
  }

  #observer(state: MutableState, user: CellObserver | undefined, name: string | null): object {
    const run = this;
    return {
      pending() {
        if (state.retired) return;
        state.status = 'pending';
        run.#notify();
        user?.pending?.();
      },
      fulfilled(value: unknown) {
        if (state.retired) return;
        state.status = 'fulfilled';
        state.value = value;
        state.error = null;
        run.#notify();
        user?.fulfilled?.(value);
      },
      rejected(error: unknown) {
        if (state.retired) return;
        state.status = 'rejected';
        state.value = undefined;
        state.error = run.#cellError(state.key, name, error);
        run.#notify();
        user?.rejected?.(state.error);
      },
    };
  }

  #viewObserver(state: MutableState, user: CellObserver | undefined): object {
    return {
      pending: () => (state.retired ? undefined : user?.pending?.()),
      fulfilled: (view: unknown) => {
        if (state.retired) return;
        state.view = view;
        user?.fulfilled?.(view);
      },
      rejected: (error: unknown) => (state.retired ? undefined : user?.rejected?.(this.#cellError(state.key, state.cell.name, error))),
    };
  }

  #cellError(key: string, name: string | null, error: unknown): CellError {
    const message = error instanceof Error ? error.message : String(error);
    const input = error instanceof RuntimeError ? error.input : undefined;
    const own = name !== null && (input === `viewof ${name}` || input === `mutable ${name}` || input === `initial ${name}` || input === name);
    if (input !== undefined && !own && this.#names.has(input)) {
      const shown = input.replace(/^(viewof|mutable|initial) /, '');
      return new CellError(key, message, shown, { cause: error });
    }
    return new CellError(key, message, undefined, { cause: error });
  }

  #notify(): void {
    const change = this.#change;
    this.#change = null;
    change?.resolve();
  }

  #nextChange(): Promise<void> {
    if (!this.#change) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.#change = { promise, resolve };
    }
    return this.#change.promise;
  }

  #busy(): boolean {
    if (this.#runtime._computing !== null || this.#runtime._updates.size > 0) return true;
    for (const s of this.#states.values()) if (s.status === 'pending' || s.running > 0) return true;
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
      await this.#runtime._compute();
      if (!this.#busy()) {
        await tick();
        if (this.#busy()) continue;
        if (this.#writes.size > 0) {
          await Promise.all(this.#writes);
          continue;
        }
        return true;
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([this.#nextChange(), new Promise<void>((resolve) => (timer = setTimeout(resolve, 20)))]);
      clearTimeout(timer);
    }
  }

  /** The state of every cell, in notebook order. */
  get cells(): readonly CellState[] {
    return [...this.#states.values()].sort((a, b) => a.cell.index - b.cell.index).map((s) => ({ ...s, running: s.running > 0 }));
  }

  /**
   * Replaces one cell's source, as editing it in an app does: the old definition is deleted (its
   * computation invalidated, its tensors freed), the new one compiled and defined, and dependents
   * recompute — also when the cell's name or kind changes. Overrides do not apply to an edited cell.
   *
   * @param index - the cell's position among the notebook's cells, from 0.
   * @param source - its new Observable JavaScript.
   * @returns the newly compiled cell (its syntax error, if any, in `error`).
   * @throws GradbookError when there is no cell at `index`.
   * @example
   * notebook.redefineCell(3, 'y = x * 3');
   * await notebook.settled();
   */
  redefineCell(index: number, source: string): CellDefinition {
    const old = this.#cells[index];
    if (!old) throw new GradbookError('NotebookRun.redefineCell(index)', `expected a cell index from 0 to ${this.#cells.length - 1}, received ${index}`);
    const cell = compileCell(source, index, old.line, old.options);
    // Deleting a runtime variable reports it fulfilled with undefined; that is not the cell's value.
    for (const state of this.#states.values()) if (state.cell.index === index) state.retired = true;
    for (const variable of this.#cellVariables.get(index) ?? []) {
      for (const [name, v] of this.#variables) if (v === variable) this.#variables.delete(name);
      variable.delete();
    }
    for (const [key, state] of this.#states) if (state.cell.index === index) this.#states.delete(key);
    this.#cells[index] = cell;
    this.#collectNames();
    this.#defineCell(cell, {}, this.#options);
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
    return s && { ...s, running: s.running > 0 };
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
    if (state.cell.kind === 'mutable') {
      this.#variables.get(`initial ${name}`)!.define(`initial ${name}`, runtimeInputs([]), this.#computation(state, { variable: `initial ${name}`, keySource: `set ${JSON.stringify(value)}`, params: [], body: () => value, cache: false }));
      return;
    }
    this.#variables.get(name)!.define(name, runtimeInputs([]), this.#computation(state, { variable: name, keySource: `set ${JSON.stringify(value) ?? String(value)}`, params: [], body: () => value, cache: false }));
  }

  /** The names of the cells still computing or streaming. */
  get unfinished(): string[] {
    return [...this.#states.values()].filter((s) => s.status === 'pending' || s.running > 0).map((s) => s.key);
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
    this.#notify();
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
