import type { CellCache } from './cache/cell-cache.js';
import type { ContentKeys } from './cache/content-key.js';
import { deserialise, serialise } from './cache/serialize.js';
import { WAITS_ON_EVENTS } from './generators.js';
import { tf } from '@gradbook/core';
import { tensorsIn, type Lease, type TensorOwnership } from './ownership.js';

/** Names a cell provides to itself rather than reading from the runtime. */
export const PER_CELL: ReadonlySet<string> = new Set(['signal', 'invalidation']);

/** What a computation needs from its notebook run (internal). */
export interface ComputationContext {
  readonly ownership: TensorOwnership;
  readonly keys: ContentKeys;
  readonly cache: CellCache | null;
  readonly seed: number;
  readonly backend: string;
  /** Whether a notebook cell defines this variable (else it is a builtin or a global). */
  isNotebookName(name: string): boolean;
  /** Records a cache write that `settled()` should wait for. */
  trackWrite(write: Promise<unknown>): void;
  /** Wakes whoever waits for the notebook to settle. */
  notify(): void;
}

/** Counters a computation updates on its cell's state (internal). */
export interface ComputationCounters {
  running: number;
  cacheHits: number;
  computations: number;
}

/** What one variable computes (internal). */
export interface ComputationSpec {
  /** The runtime variable it defines. */
  readonly variable: string;
  /** What identifies the definition in cache keys: the cell's source, or a description of an override. */
  readonly keySource: string;
  /** The body's parameters in order; `signal` and `invalidation` are supplied per computation. */
  readonly params: readonly string[];
  /** The cell's compiled body. */
  readonly body: (...args: unknown[]) => unknown;
  /** Whether values go to and come from the cache. */
  readonly cache: boolean;
  /** Whether the computation holds its values' tensors (default true; false when another variable passes them on and owns them). */
  readonly owns?: boolean;
}

const isThenable = (v: unknown): v is PromiseLike<unknown> => v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as PromiseLike<unknown>).then === 'function';
const isGenerator = (v: unknown): v is Generator | AsyncGenerator =>
  v !== null && typeof v === 'object' && typeof (v as Generator).next === 'function' && typeof (v as Generator).return === 'function';

function abortReason(name: string): Error {
  const error = new Error(`${name} was invalidated`);
  error.name = 'AbortError';
  return error;
}

/** The runtime inputs of a computation: its parameters without the per-cell ones. */
export function runtimeInputs(params: readonly string[]): string[] {
  return ['invalidation', ...params.filter((n) => !PER_CELL.has(n))];
}

/** What every computation of one variable shares (internal). */
interface Shared {
  readonly ctx: ComputationContext;
  readonly counters: ComputationCounters;
  readonly spec: ComputationSpec;
  /** The runtime inputs among the parameters, in order. */
  readonly inputs: readonly string[];
  readonly usesSignal: boolean;
  readonly owns: boolean;
  /** Set once the stray-tensor warning was given: said once per cell definition, not on every recomputation. */
  warnedOfStrays: boolean;
}

/**
 * One computation of a variable: its signal, the lease on its value's tensors, its content key and
 * its cache write. A class rather than closures, since a chain of cells makes one per cell per
 * change (internal).
 */
class Computation {
  readonly #shared: Shared;
  readonly #values: unknown[];
  readonly #controller: AbortController | null;
  #lease: Lease | null = null;
  #aborted = false;
  #keyDone = false;
  #key: string | undefined;
  /** How many values this computation has had (a stream has several). */
  #index = 0;

  constructor(shared: Shared, values: unknown[]) {
    this.#shared = shared;
    this.#values = values;
    // The signal is made only for cells that read it.
    this.#controller = shared.usesSignal ? new AbortController() : null;
  }

  /** The variable was invalidated: abort the signal, free the value's tensors. */
  invalidate(): void {
    this.#aborted = true;
    this.#controller?.abort(abortReason(this.#shared.spec.variable));
    this.#shared.ctx.ownership.release(this.#lease);
    this.#lease = null;
  }

  /** The content key, computed only when needed: for the cache, or to name an object value. */
  contentKey(): string | undefined {
    if (!this.#keyDone) {
      this.#keyDone = true;
      const { ctx, spec, inputs } = this.#shared;
      const inputKeys = inputs.map((n, i) => ctx.keys.input(n, this.#values[i], ctx.isNotebookName(n)));
      this.#key = ctx.keys.compute(spec.keySource, spec.variable, ctx.seed, ctx.backend, inputKeys);
    }
    return this.#key;
  }

  /** Makes a value current: holds its tensors (releasing the previous value's) and names it for cache keys. */
  own<T>(value: T): T {
    const ownership = this.#shared.ctx.ownership;
    const isObject = value !== null && typeof value === 'object';
    if (this.#shared.owns && isObject) {
      const next = ownership.hold(value);
      ownership.release(this.#lease);
      this.#lease = next.size > 0 ? next : null;
      if (this.#aborted) {
        ownership.release(this.#lease);
        this.#lease = null;
      }
    } else if (this.#lease !== null) {
      ownership.release(this.#lease);
      this.#lease = null;
    }
    if (isObject || typeof value === 'function') {
      const key = this.contentKey();
      if (key !== undefined) this.#shared.ctx.keys.register(value, this.#index === 0 ? key : `${key}#${this.#index}`);
    }
    this.#index++;
    return value;
  }

  /** Writes a final value to the cache, when the variable is cached. */
  store(value: unknown): void {
    const { ctx, spec } = this.#shared;
    if (!spec.cache || this.#aborted || ctx.cache === null) return;
    const key = this.contentKey();
    if (key === undefined) return;
    const text = serialise(value);
    if (text === undefined) return;
    ctx.trackWrite(ctx.cache.set(key, text).catch(() => undefined));
  }

  /** The body's arguments: the per-cell `signal` and `invalidation`, and the runtime inputs' values. */
  args(invalidation: Promise<void>): unknown[] {
    const params = this.#shared.spec.params;
    const args = new Array<unknown>(params.length);
    let j = 0;
    for (let i = 0; i < params.length; i++) {
      const name = params[i];
      args[i] = name === 'signal' ? this.#controller!.signal : name === 'invalidation' ? invalidation : this.#values[j++];
    }
    return args;
  }

  /** Runs the body, and takes its value (see {@link Computation.settle}). */
  start(thisArg: unknown, invalidation: Promise<void>): unknown {
    const shared = this.#shared;
    shared.counters.computations++;
    shared.ctx.notify();
    const before = shared.warnedOfStrays ? 0 : tf.engine().state.numTensors;
    const result = shared.spec.body.apply(thisArg, this.args(invalidation));
    if (!shared.warnedOfStrays && shared.owns && !isThenable(result) && !isGenerator(result)) {
      shared.warnedOfStrays = reportStrays(shared.spec.variable, tf.engine().state.numTensors - before, result, this.#values);
    }
    return this.settle(result);
  }

  /** A value (awaited), a stream of values, or a plain value made current and cached. */
  settle(value: unknown): unknown {
    if (isThenable(value)) return Promise.resolve(value).then((v) => this.settle(v));
    if (isGenerator(value)) return this.stream(value);
    this.own(value);
    this.store(value);
    return value;
  }

  /**
   * Wraps a generator so that after invalidation no further value is pulled, a value that still
   * arrives is dropped (its tensors freed), and the inner generator is returned.
   */
  stream(generator: Generator | AsyncGenerator): unknown {
    const { ctx, counters } = this.#shared;
    const ownership = ctx.ownership;
    const waitsOnEvents = (generator as { [WAITS_ON_EVENTS]?: boolean })[WAITS_ON_EVENTS] === true;
    const self = this;
    if (Symbol.asyncIterator in generator) {
      return (async function* () {
        counters.running++;
        let completed = false;
        let last: unknown;
        try {
          for (;;) {
            if (self.#aborted) return;
            let step: IteratorResult<unknown>;
            try {
              step = await generator.next();
            } catch (error) {
              if (self.#aborted) return;
              throw error;
            }
            if (step.done) {
              completed = true;
              break;
            }
            if (self.#aborted) {
              // A value that arrived after the cell was invalidated: drop it and free its tensors.
              ownership.release(ownership.hold(step.value));
              return;
            }
            last = self.own(step.value);
            yield last;
          }
          if (self.#index > 0) self.store(last);
        } finally {
          counters.running--;
          ctx.notify();
          if (!completed) {
            try {
              await generator.return?.(undefined);
            } catch {
              // The stale run's own cleanup error (e.g. an AbortError) is not the cell's.
            }
          }
        }
      })();
    }
    return (function* () {
      if (!waitsOnEvents) counters.running++;
      let last: unknown;
      try {
        while (!self.#aborted) {
          const step = (generator as Generator).next();
          if (step.done) {
            if (self.#index > 0) self.store(last);
            return;
          }
          yield isThenable(step.value) ? Promise.resolve(step.value).then((v) => (last = self.own(v))) : (last = self.own(step.value));
        }
      } finally {
        if (!waitsOnEvents) counters.running--;
        ctx.notify();
        generator.return(undefined);
      }
    })();
  }

  /** Reads the value from the cache, else computes it. */
  fromCache(key: string, thisArg: unknown, invalidation: Promise<void>): Promise<unknown> {
    const { ctx, counters } = this.#shared;
    return ctx.cache!.get(key).then(
      (text) => {
        // Invalidated while reading the cache: the runtime discards this value; compute nothing.
        if (this.#aborted) return undefined;
        const hit = text === undefined ? undefined : deserialise(text);
        if (hit === undefined) return this.start(thisArg, invalidation);
        counters.computations++;
        counters.cacheHits++;
        return this.own(hit.value);
      },
      () => (this.#aborted ? undefined : this.start(thisArg, invalidation)),
    );
  }
}

/**
 * A runtime variable's definition for one cell (internal). Each computation gets an
 * `AbortController` aborted on invalidation (the cell's `signal`), holds the tensors of its current
 * value and releases them when superseded or invalidated, reads and writes the cache, and wraps a
 * generator so that after invalidation no further value is pulled, a value that still arrives is
 * dropped (its tensors freed), and the inner generator is returned: a run stops after the step
 * in flight.
 *
 * @param ctx - the notebook run's shared parts.
 * @param counters - the cell's counters.
 * @param spec - what to compute.
 * @returns the definition, taking the `invalidation` promise and then the runtime inputs.
 */
export function computation(ctx: ComputationContext, counters: ComputationCounters, spec: ComputationSpec): (this: unknown, invalidation: Promise<void>, ...values: unknown[]) => unknown {
  const shared: Shared = {
    ctx,
    counters,
    spec,
    inputs: spec.params.filter((n) => !PER_CELL.has(n)),
    usesSignal: spec.params.includes('signal'),
    owns: spec.owns ?? true,
    warnedOfStrays: false,
  };
  return function (this: unknown, invalidation: Promise<void>, ...values: unknown[]): unknown {
    const run = new Computation(shared, values);
    invalidation.then(() => run.invalidate());
    const key = spec.cache && ctx.cache !== null ? run.contentKey() : undefined;
    return key !== undefined ? run.fromCache(key, this, invalidation) : run.start(this, invalidation);
  };
}

/**
 * A synchronous cell that leaves tensors outside its value leaks them on every recomputation: no
 * cell owns them, so nothing frees them. Counted from `tf.memory()`, since nothing else runs while a
 * synchronous body does: the tensors it added, less those in its value that did not come from its
 * inputs.
 *
 * @returns whether a warning was written.
 */
function reportStrays(variable: string, added: number, value: unknown, inputs: readonly unknown[]): boolean {
  if (added <= 0) return false;
  const fromInputs = tensorsIn(inputs);
  let kept = 0;
  for (const t of tensorsIn(value)) if (!fromInputs.has(t)) kept++;
  const strays = added - kept;
  if (strays <= 0) return false;
  console.warn(
    `gradbook: cell ${variable} made ${strays} tensor${strays === 1 ? '' : 's'} that ${strays === 1 ? 'is' : 'are'} not part of its value, so nothing will free ${strays === 1 ? 'it' : 'them'} when the cell recomputes. Wrap temporary work in tf.tidy(() => …), or return the tensors (in an object or array) so the cell owns them.`,
  );
  return true;
}
