/**
 * Tells whoever waits that something changed: one promise for the next change (what `settled()`
 * awaits) and listeners called once per burst of changes, after the synchronous work that made them
 * (internal to the kernel; {@link NotebookRun.onChange} exposes the listeners).
 */
export class ChangeSignal {
  #next: { promise: Promise<void>; resolve: () => void } | null = null;
  readonly #listeners = new Set<() => void>();
  #scheduled = false;
  #closed = false;

  /** Records a change: resolves {@link ChangeSignal.next} now and calls the listeners at the next microtask. */
  notify(): void {
    const next = this.#next;
    this.#next = null;
    next?.resolve();
    if (this.#scheduled || this.#listeners.size === 0) return;
    this.#scheduled = true;
    queueMicrotask(() => this.#flush());
  }

  /** A promise that resolves at the next change (or at once, after {@link ChangeSignal.close}). */
  next(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (!this.#next) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.#next = { promise, resolve };
    }
    return this.#next.promise;
  }

  /**
   * Calls `listener` after each burst of changes.
   *
   * @returns a function that removes the listener.
   */
  subscribe(listener: () => void): () => void {
    if (typeof listener !== 'function') throw new TypeError(`NotebookRun.onChange(listener): expected a function, received ${listener === null ? 'null' : typeof listener}`);
    if (this.#closed) return () => undefined;
    const entry = (): void => listener();
    this.#listeners.add(entry);
    return () => void this.#listeners.delete(entry);
  }

  /** Calls the listeners a last time, then drops them; {@link ChangeSignal.next} resolves at once from now on. */
  close(): void {
    if (this.#closed) return;
    this.notify();
    this.#closed = true;
  }

  #flush(): void {
    this.#scheduled = false;
    for (const listener of [...this.#listeners]) {
      try {
        listener();
      } catch (error) {
        console.error('gradbook: an onChange listener threw', error);
      }
    }
    if (this.#closed) this.#listeners.clear();
  }
}
