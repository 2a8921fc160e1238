/**
 * Where the kernel keeps cached cell values: serialised JSON text by key. The disk cache (Node,
 * `@gradbook/kernel/node`), IndexedDB cache (browser) and memory cache implement it.
 */
export interface CellCache {
  /** The stored text for `key`, or undefined when there is none (or it cannot be read). */
  get(key: string): Promise<string | undefined>;
  /** Stores `text` under `key`, replacing what was there. */
  set(key: string, text: string): Promise<void>;
}

/**
 * A cell cache in memory, evicting the least recently used entry beyond `capacity`.
 *
 * @example
 * const cache = new MemoryCache(16);
 * await cache.set('k', '1');
 * await cache.get('k'); // '1'
 */
export class MemoryCache implements CellCache {
  #entries = new Map<string, string>();
  readonly #capacity: number;

  /** @param capacity - entries kept (default 64). */
  constructor(capacity = 64) {
    this.#capacity = capacity;
  }

  async get(key: string): Promise<string | undefined> {
    const text = this.#entries.get(key);
    if (text !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, text);
    }
    return text;
  }

  async set(key: string, text: string): Promise<void> {
    this.#entries.delete(key);
    this.#entries.set(key, text);
    while (this.#entries.size > this.#capacity) this.#entries.delete(this.#entries.keys().next().value!);
  }

  /** How many entries are stored. */
  get size(): number {
    return this.#entries.size;
  }
}
