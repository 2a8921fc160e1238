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
  const { variable, keySource, params, body } = spec;
  const useCache = spec.cache;
  const ownership = ctx.ownership;
  const keys = ctx.keys;
  const inputs = params.filter((n) => !PER_CELL.has(n));
  const usesSignal = params.includes('signal');
  const owns = spec.owns ?? true;
  // Said once per cell definition, not on every recomputation.
  let warnedOfStrays = false;
  return function (this: unknown, invalidation: Promise<void>, ...values: unknown[]): unknown {
    // The signal is made only for cells that read it.
    const controller = usesSignal ? new AbortController() : null;
    let lease: Lease | null = null;
    let aborted = false;
    invalidation.then(() => {
      aborted = true;
      controller?.abort(abortReason(variable));
      ownership.release(lease);
      lease = null;
    });
    // The content key is computed only when needed: for the cache, or to name an object value.
    let keyDone = false;
    let keyValue: string | undefined;
    const contentKey = (): string | undefined => {
      if (!keyDone) {
        keyDone = true;
        const inputKeys = inputs.map((n, i) => keys.input(n, values[i], ctx.isNotebookName(n)));
        keyValue = keys.compute(keySource, variable, ctx.seed, ctx.backend, inputKeys);
      }
      return keyValue;
    };
    let index = 0;
    const own = <T>(value: T): T => {
      if (owns && value !== null && typeof value === 'object') {
        const next = ownership.hold(value);
        ownership.release(lease);
        lease = next.size > 0 ? next : null;
        if (aborted) {
          ownership.release(lease);
          lease = null;
        }
      } else if (lease !== null) {
        ownership.release(lease);
        lease = null;
      }
      if ((value !== null && typeof value === 'object') || typeof value === 'function') {
        const key = contentKey();
        if (key !== undefined) keys.register(value, index === 0 ? key : `${key}#${index}`);
      }
      index++;
      return value;
    };
    const store = (value: unknown): void => {
      if (!useCache || aborted || ctx.cache === null) return;
      const key = contentKey();
      if (key === undefined) return;
      const text = serialise(value);
      if (text === undefined) return;
      ctx.trackWrite(ctx.cache.set(key, text).catch(() => undefined));
    };
    const args: unknown[] = [];
    let j = 0;
    for (const name of params) args.push(name === 'signal' ? controller!.signal : name === 'invalidation' ? invalidation : values[j++]);

    const stream = (generator: Generator | AsyncGenerator): unknown => {
      const waitsOnEvents = (generator as { [WAITS_ON_EVENTS]?: boolean })[WAITS_ON_EVENTS] === true;
      if (Symbol.asyncIterator in generator) {
        return (async function* () {
          counters.running++;
          let completed = false;
          let last: unknown;
          try {
            for (;;) {
              if (aborted) return;
              let step: IteratorResult<unknown>;
              try {
                step = await generator.next();
              } catch (error) {
                if (aborted) return;
                throw error;
              }
              if (step.done) {
                completed = true;
                break;
              }
              if (aborted) {
                // A value that arrived after the cell was invalidated: drop it and free its tensors.
                ownership.release(ownership.hold(step.value));
                return;
              }
              last = own(step.value);
              yield last;
            }
            if (index > 0) store(last);
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
          while (!aborted) {
            const step = (generator as Generator).next();
            if (step.done) {
              if (index > 0) store(last);
              return;
            }
            yield isThenable(step.value) ? Promise.resolve(step.value).then((v) => (last = own(v))) : (last = own(step.value));
          }
        } finally {
          if (!waitsOnEvents) counters.running--;
          ctx.notify();
          generator.return(undefined);
        }
      })();
    };
    const settle = (value: unknown): unknown => {
      if (isThenable(value)) return Promise.resolve(value).then(settle);
      if (isGenerator(value)) return stream(value);
      own(value);
      store(value);
      return value;
    };
    const start = (): unknown => {
      counters.computations++;
      ctx.notify();
      const before = warnedOfStrays ? 0 : tf.memory().numTensors;
      const result = body.apply(this, args);
      if (!warnedOfStrays && owns && !isThenable(result) && !isGenerator(result)) {
        warnedOfStrays = reportStrays(variable, tf.memory().numTensors - before, result, values);
      }
      return settle(result);
    };
    const key = useCache && ctx.cache !== null ? contentKey() : undefined;
    if (key !== undefined) {
      const cache = ctx.cache!;
      return cache.get(key).then(
        (text) => {
          // Invalidated while reading the cache: the runtime discards this value; compute nothing.
          if (aborted) return undefined;
          const hit = text === undefined ? undefined : deserialise(text);
          if (hit === undefined) return start();
          counters.computations++;
          counters.cacheHits++;
          return own(hit.value);
        },
        () => (aborted ? undefined : start()),
      );
    }
    return start();
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
