import { GradbookError } from '@gradbook/core';
import type { CellCache } from './cell-cache.js';

const STORE = 'entries';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * A cell cache in the browser's IndexedDB: one database (default `gradbook-cache`) with one object
 * store of serialised values by key. A failed read is a miss; entries that do not deserialise are
 * recomputed by the kernel.
 *
 * @example
 * const nb = await run(compile(text), { cache: new IndexedDbCache() });
 */
export class IndexedDbCache implements CellCache {
  /** The database name. */
  readonly name: string;
  readonly #factory: IDBFactory;
  #db: Promise<IDBDatabase> | null = null;

  /**
   * @param name - the database name (default `gradbook-cache`).
   * @param factory - the IndexedDB factory (default `globalThis.indexedDB`).
   * @throws GradbookError when there is no IndexedDB here (Node: use `DiskCache` from `@gradbook/kernel/node`).
   */
  constructor(name = 'gradbook-cache', factory: IDBFactory | undefined = globalThis.indexedDB) {
    if (!factory) throw new GradbookError('IndexedDbCache', 'IndexedDB is not available here; in Node use DiskCache from @gradbook/kernel/node');
    this.name = name;
    this.#factory = factory;
  }

  #open(): Promise<IDBDatabase> {
    this.#db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = this.#factory.open(this.name, 1);
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    return this.#db;
  }

  async get(key: string): Promise<string | undefined> {
    try {
      const db = await this.#open();
      const value = await request(db.transaction(STORE, 'readonly').objectStore(STORE).get(key));
      return typeof value === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, text: string): Promise<void> {
    const db = await this.#open();
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put(text, key);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }
}
