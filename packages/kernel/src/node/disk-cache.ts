import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GradbookError } from '@gradbook/core';
import type { CellCache } from '../cache/cell-cache.js';

const KEY = /^[0-9a-f]{8,64}$/;

/**
 * A cell cache on disk: one JSON file per key in a directory (default `.gradbook-cache`). Writes
 * are atomic (a temporary file renamed into place), so a crash never leaves half an entry under
 * a key; an entry that is truncated or corrupt anyway reads as missing and is recomputed.
 *
 * @example
 * const nb = await run(compile(text), { cache: new DiskCache('.gradbook-cache') });
 */
export class DiskCache implements CellCache {
  /** The directory holding the entries. */
  readonly directory: string;
  #ready: Promise<unknown> | null = null;

  /** @param directory - where entries live (default `.gradbook-cache` in the working directory); created on first write. */
  constructor(directory = '.gradbook-cache') {
    this.directory = path.resolve(directory);
  }

  #file(key: string): string {
    if (!KEY.test(key)) throw new GradbookError('DiskCache', `keys are 8–64 hex digits, received ${JSON.stringify(key)}`);
    return path.join(this.directory, `${key}.json`);
  }

  async get(key: string): Promise<string | undefined> {
    try {
      return await readFile(this.#file(key), 'utf8');
    } catch {
      return undefined;
    }
  }

  async set(key: string, text: string): Promise<void> {
    const file = this.#file(key);
    this.#ready ??= mkdir(this.directory, { recursive: true });
    await this.#ready;
    const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await writeFile(temp, text, 'utf8');
      await rename(temp, file);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }
}
