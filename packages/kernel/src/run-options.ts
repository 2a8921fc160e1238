import type { BackendName } from '@gradbook/core';
import type { CellDefinition } from './cell.js';
import type { CellObserver } from './cell-state.js';
import { MemoryCache, type CellCache } from './cache/cell-cache.js';
import { IndexedDbCache } from './cache/indexeddb-cache.js';

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

/** IndexedDB in a browser, memory elsewhere (Node passes a `DiskCache` explicitly) (internal). */
export function defaultCache(): CellCache {
  return typeof globalThis.indexedDB === 'object' && globalThis.indexedDB !== null ? new IndexedDbCache() : new MemoryCache();
}

/** The values and errors of a run, by cell name. */
export interface RunResult {
  /** Each fulfilled cell's latest value. */
  readonly cells: Record<string, unknown>;
  /** Each rejected cell's error message. */
  readonly errors: Record<string, string>;
}
