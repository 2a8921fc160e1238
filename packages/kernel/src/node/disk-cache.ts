import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GradbookError } from '@gradbook/core';
import type { CellCache } from '../cache/cell-cache.js';
import { openEntry, sealEntry } from '../cache/entry.js';
import { makeFolder } from './make-folder.js';

/** Options of {@link DiskCache}. */
export interface DiskCacheOptions {
  /**
   * Called when an entry is found that does not verify (it was edited, damaged, written under
   * another key or by another version): the entry is then a miss, and the cell is recomputed and
   * its entry rewritten. `gradbook run --verbose` prints these. Default: nothing.
   */
  onInvalid?: (file: string, reason: string) => void;
}

const KEY = /^[0-9a-f]{8,64}$/;

/**
 * A cell cache on disk: one file per key in a directory (default `.gradbook-cache`). Writes are
 * atomic (a temporary file renamed into place), so a crash never leaves half an entry under a key.
 * Each entry carries its key and a checksum of its value; one that does not verify (truncated,
 * edited by hand, copied under another key) reads as missing and is recomputed.
 *
 * @example
 * const nb = await run(compile(text), { cache: new DiskCache('.gradbook-cache') });
 */
export class DiskCache implements CellCache {
  /** The directory holding the entries. */
  readonly directory: string;
  #ready: Promise<unknown> | null = null;
  readonly #onInvalid: DiskCacheOptions['onInvalid'];

  /**
   * @param directory - where entries live (default `.gradbook-cache` in the working directory); created on first write.
   * @param options - `onInvalid`, told of entries that do not verify (default none).
   */
  constructor(directory = '.gradbook-cache', options: DiskCacheOptions = {}) {
    this.directory = path.resolve(directory);
    this.#onInvalid = options.onInvalid;
  }

  #file(key: string): string {
    if (!KEY.test(key)) throw new GradbookError('DiskCache', `keys are 8–64 hex digits, received ${JSON.stringify(key)}`);
    return path.join(this.directory, `${key}.json`);
  }

  async get(key: string): Promise<string | undefined> {
    const file = this.#file(key);
    let stored: string;
    try {
      stored = await readFile(file, 'utf8');
    } catch {
      return undefined;
    }
    const entry = openEntry(key, stored);
    if (entry.ok) return entry.text;
    this.#onInvalid?.(file, entry.reason);
    return undefined;
  }

  async set(key: string, text: string): Promise<void> {
    const file = this.#file(key);
    this.#ready ??= makeFolder('DiskCache(directory)', this.directory);
    await this.#ready;
    const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await writeFile(temp, sealEntry(key, text), 'utf8');
      await rename(temp, file);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }
}
