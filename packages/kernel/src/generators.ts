/**
 * Marks generators that wait on outside events (an input, a mutable): the kernel does not count
 * them as running when it waits for a notebook to settle (internal).
 */
export const WAITS_ON_EVENTS: unique symbol = Symbol.for('gradbook.kernel.waitsOnEvents');

/** A generator of promises for the latest value of something that changes. */
export interface ObservedGenerator<T> extends Generator<Promise<T>, void, unknown> {
  readonly [WAITS_ON_EVENTS]: true;
}

/**
 * Turns a source of changes into a generator, as Observable's `Generators.observe`: `initialize`
 * receives `change(value)` to call on each new value and may return a disposer, called when the
 * generator is returned. Only the latest value is kept: values that arrive while nobody pulls are
 * dropped, never queued.
 *
 * @param initialize - called once with `change`; returns an optional disposer.
 * @param onDrop - called with each value that a newer one replaced before anyone pulled it (default none).
 * @returns a generator yielding a promise of the next (latest) value at each pull.
 * @example
 * const ticks = observe((change) => { const id = setInterval(() => change(Date.now()), 1000); return () => clearInterval(id); });
 */
export function observe<T>(initialize: (change: (value: T) => T) => void | (() => void), onDrop?: (value: T) => void): ObservedGenerator<T> {
  let stale = false;
  let value: T;
  let resolve: ((value: T) => void) | null = null;
  let done = false;
  const change = (x: T): T => {
    if (resolve) {
      resolve(x);
      resolve = null;
    } else {
      if (stale && onDrop && value !== x) onDrop(value);
      stale = true;
    }
    return (value = x);
  };
  const dispose = initialize(change);
  const generator = {
    [WAITS_ON_EVENTS]: true as const,
    [Symbol.iterator]() {
      return generator;
    },
    next(): IteratorResult<Promise<T>, void> {
      if (done) return { done: true, value: undefined };
      if (stale) {
        stale = false;
        return { done: false, value: Promise.resolve(value) };
      }
      return { done: false, value: new Promise<T>((y) => (resolve = y)) };
    },
    return(): IteratorResult<Promise<T>, void> {
      if (!done && typeof dispose === 'function') dispose();
      done = true;
      return { done: true, value: undefined };
    },
    throw(): IteratorResult<Promise<T>, void> {
      return generator.return();
    },
  };
  return generator as unknown as ObservedGenerator<T>;
}

/** Anything with a `value` that announces changes with `input` events (an input element or a headless input). */
export interface InputLike {
  value: unknown;
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

/**
 * The values of an input as a generator, as Observable's `Generators.input`: its current value,
 * then each new value after the input's event (`click` for buttons and checkboxes, `change` for
 * files, else `input`), only the latest one if several arrive between pulls.
 *
 * @param element - an input: a DOM element or one of the kernel's headless inputs.
 * @returns a generator of the input's values.
 * @example
 * const view = Inputs.range([0, 1], { value: 0.5 });
 * await input(view).next().value; // 0.5
 */
export function input(element: InputLike): ObservedGenerator<unknown> {
  return observe((change) => {
    const type = eventOf(element);
    const inputted = (): void => void change(valueOf(element));
    element.addEventListener(type, inputted);
    const value = valueOf(element);
    if (value !== undefined) change(value);
    return () => element.removeEventListener(type, inputted);
  });
}

/** The event an input announces a new value with, as Observable's `Generators.input` (internal). */
function eventOf(element: InputLike): string {
  switch ((element as { type?: string }).type) {
    case 'button':
    case 'submit':
    case 'checkbox':
      return 'click';
    case 'file':
      return 'change';
    default:
      return 'input';
  }
}

/** An input's value, as Observable's `Generators.input` reads it (internal). */
function valueOf(element: InputLike): unknown {
  const e = element as { type?: string; checked?: boolean; valueAsNumber?: number; valueAsDate?: Date | null; value: unknown; multiple?: boolean; files?: ArrayLike<unknown>; selectedOptions?: ArrayLike<{ value: string }> };
  switch (e.type) {
    case 'range':
    case 'number':
      return e.valueAsNumber;
    case 'date':
      return e.valueAsDate;
    case 'checkbox':
      return e.checked;
    case 'file':
      return e.multiple ? e.files : e.files?.[0];
    case 'select-multiple':
      return Array.from(e.selectedOptions ?? [], (o) => o.value);
    default:
      return e.value;
  }
}

/**
 * A value that cells may assign (`mutable x = 0`, then `mutable x = 1` in another cell): reading
 * `value` gives the latest assignment, and `generator` yields each new one to the cells that read `x`.
 */
export class Mutable<T = unknown> {
  /** The values, for the cells that read `x`. */
  readonly generator: ObservedGenerator<T>;
  #value: T;
  #change: (value: T) => T = (v) => v;

  /**
   * @param value - the initial value.
   * @param onDrop - called with each value that a newer assignment replaced before any cell read it
   *   (the kernel frees its tensors). Default none.
   */
  constructor(value: T, onDrop?: (value: T) => void) {
    this.#value = value;
    this.generator = observe<T>((change) => void (this.#change = change), onDrop);
    if (value !== undefined) this.#change(value);
  }

  /** The latest value. */
  get value(): T {
    return this.#value;
  }

  set value(x: T) {
    this.#value = x;
    this.#change(x);
  }
}

/**
 * A promise that resolves after `ms` milliseconds, as Observable's `Promises.delay`.
 *
 * @param ms - the delay in milliseconds.
 * @param value - what the promise resolves to (default undefined).
 * @returns the promise.
 * @example
 * await delay(10, 'done'); // 'done'
 */
export function delay<T>(ms: number, value?: T): Promise<T | undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}

/**
 * Marks a generator as waiting on outside events, so a run counts as settled while it waits (internal).
 *
 * @param generator - any generator.
 * @returns the same generator, marked.
 */
export function waitsOnEvents<G extends object>(generator: G): G {
  return Object.assign(generator, { [WAITS_ON_EVENTS]: true });
}

/**
 * A generator made at its first pull, so a builtin no cell reads (`now`, `width`) starts nothing:
 * no animation-frame loop, no resize listener (internal).
 */
function deferred<T>(make: () => ObservedGenerator<T>): ObservedGenerator<T> {
  let inner: ObservedGenerator<T> | null = null;
  let done = false;
  const generator = {
    [WAITS_ON_EVENTS]: true as const,
    [Symbol.iterator]() {
      return generator;
    },
    next(): IteratorResult<Promise<T>, void> {
      if (done) return { done: true, value: undefined };
      return (inner ??= make()).next();
    },
    return(): IteratorResult<Promise<T>, void> {
      done = true;
      inner?.return();
      return { done: true, value: undefined };
    },
    throw(): IteratorResult<Promise<T>, void> {
      return generator.return();
    },
  };
  return generator as unknown as ObservedGenerator<T>;
}

/**
 * Observable's `now`: the current time in milliseconds, then again at every animation frame in a
 * browser. Headless (no `requestAnimationFrame`) it gives one value, so a run still settles. It
 * starts at its first pull: a notebook that never reads `now` runs no frame loop.
 *
 * @returns a generator of `Date.now()` values.
 */
export function now(): ObservedGenerator<number> {
  return deferred(() => observe<number>((change) => {
    change(Date.now());
    if (typeof requestAnimationFrame !== 'function') return;
    let id = 0;
    const tick = (): void => {
      change(Date.now());
      id = requestAnimationFrame(tick);
    };
    id = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(id);
  }));
}

/**
 * Observable's `width`: the page's width in pixels, again when the window is resized. Headless
 * (no layout) it is 640, the width Observable Plot draws at by default.
 *
 * @returns a generator of widths.
 */
export function width(): ObservedGenerator<number> {
  return deferred(() => observe<number>((change) => {
    const measure = (): number => {
      const w = typeof document !== 'undefined' ? (document.body?.clientWidth ?? 0) : 0;
      return w > 0 ? w : 640;
    };
    let current = change(measure());
    if (typeof window === 'undefined' || typeof window.addEventListener !== 'function') return;
    const resized = (): void => {
      const w = measure();
      if (w !== current) current = change(w);
    };
    window.addEventListener('resize', resized);
    return () => window.removeEventListener('resize', resized);
  }));
}

/** Observable's `Generators`: the generator helpers cells use. */
export const Generators = { observe, input };

/** Observable's `Promises`. */
export const Promises = { delay };
