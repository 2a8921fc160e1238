import { watch, type FSWatcher } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { isBuiltSite, listNotebooks, type ListOptions, type ScannedNotebook } from './notebook-list.js';

/** What a rescan found different from the last one. */
export interface FolderChanges {
  /** Notebooks whose bytes changed (same path, new hash). */
  readonly changed: readonly ScannedNotebook[];
  /** Whether notebooks were added, removed or renamed, or a title or description changed. */
  readonly listChanged: boolean;
  /** The whole list after the rescan. */
  readonly list: readonly ScannedNotebook[];
}

function sameEntry(a: ScannedNotebook, b: ScannedNotebook): boolean {
  return a.file === b.file && a.title === b.title && a.description === b.description;
}

async function folders(dir: string, exclude: readonly string[], out: string[]): Promise<string[]> {
  out.push(dir);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isDirectory() || e.name.startsWith('.') || e.name === 'node_modules') continue;
    const full = path.join(dir, e.name);
    if (exclude.includes(full) || isBuiltSite(full)) continue;
    await folders(full, exclude, out);
  }
  return out;
}

/**
 * Watches a folder of notebooks with `node:fs` `watch` and tells what changed: on any event it
 * rescans the folder (debounced) and compares each notebook's SHA-256 with the last scan, so a
 * change is reported once however the editor saved it (in place, or a temporary file renamed over
 * it), and touching a file without changing its bytes reports nothing. macOS and Windows watch the
 * whole tree with one recursive watcher; on Linux, where Node's recursive mode is itself one
 * inotify watcher per folder kept in JavaScript, each folder is watched directly (skipping hidden
 * folders, `node_modules` and built sites), and the set is refreshed after each scan. No polling.
 */
export class FolderWatcher {
  readonly #root: string;
  readonly #options: ListOptions;
  readonly #onChange: (changes: FolderChanges) => void;
  readonly #debounceMs: number;
  #list: ScannedNotebook[] = [];
  #recursive: FSWatcher | null = null;
  readonly #perFolder = new Map<string, FSWatcher>();
  #timer: NodeJS.Timeout | null = null;
  #scan: Promise<void> = Promise.resolve();
  #closed = false;

  private constructor(root: string, options: ListOptions, onChange: (changes: FolderChanges) => void, debounceMs: number) {
    this.#root = root;
    this.#options = options;
    this.#onChange = onChange;
    this.#debounceMs = debounceMs;
  }

  /**
   * Scans the folder once and starts watching it.
   *
   * @param root - the folder's real path.
   * @param options - as {@link listNotebooks}.
   * @param onChange - called after a scan that found a difference.
   * @param debounceMs - how long events are gathered before a rescan (default 60 ms).
   */
  static async start(root: string, options: ListOptions, onChange: (changes: FolderChanges) => void, debounceMs = 60): Promise<FolderWatcher> {
    const watcher = new FolderWatcher(root, options, onChange, debounceMs);
    watcher.#list = await listNotebooks(root, options);
    await watcher.#watch();
    return watcher;
  }

  /** The notebooks as of the last scan. */
  get list(): readonly ScannedNotebook[] {
    return this.#list;
  }

  /** Rescans now (after the server's own write), reporting what changed; scans never overlap. */
  rescan(): Promise<void> {
    this.#scan = this.#scan.then(() => this.#rescanNow()).catch(() => undefined);
    return this.#scan;
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#recursive?.close();
    for (const w of this.#perFolder.values()) w.close();
    this.#perFolder.clear();
  }

  #event = (_type: string, filename: string | Buffer | null): void => {
    // Temporary files of atomic saves are hidden; their rename onto the notebook is its own event.
    if (filename && path.basename(filename.toString()).startsWith('.')) return;
    if (this.#closed) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.rescan();
    }, this.#debounceMs);
  };

  async #watch(): Promise<void> {
    if (process.platform !== 'linux') {
      try {
        this.#recursive = watch(this.#root, { recursive: true }, this.#event);
        this.#recursive.on('error', () => undefined);
        return;
      } catch {
        // No recursive watching here: one watcher per folder.
      }
    }
    await this.#syncFolders();
  }

  async #syncFolders(): Promise<void> {
    if (this.#recursive || this.#closed) return;
    const exclude = (this.#options.exclude ?? []).map((x) => path.resolve(x));
    const now = new Set(await folders(this.#root, exclude, []));
    for (const [dir, w] of this.#perFolder) {
      if (!now.has(dir)) {
        w.close();
        this.#perFolder.delete(dir);
      }
    }
    for (const dir of now) {
      if (this.#perFolder.has(dir) || this.#closed) continue;
      try {
        const w = watch(dir, this.#event);
        w.on('error', () => {
          w.close();
          this.#perFolder.delete(dir);
        });
        this.#perFolder.set(dir, w);
      } catch {
        // Removed meanwhile.
      }
    }
  }

  async #rescanNow(): Promise<void> {
    if (this.#closed) return;
    const before = new Map(this.#list.map((n) => [n.file, n]));
    const list = await listNotebooks(this.#root, this.#options);
    await this.#syncFolders();
    if (this.#closed) return;
    this.#list = list;
    const changed = list.filter((n) => before.has(n.file) && before.get(n.file)!.hash !== n.hash);
    const listChanged = list.length !== before.size || list.some((n) => !before.has(n.file) || !sameEntry(before.get(n.file)!, n));
    if (changed.length > 0 || listChanged) this.#onChange({ changed, listChanged, list });
  }
}
