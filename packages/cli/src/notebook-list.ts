import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { describeNotebook } from './describe-notebook.js';

/** One notebook of a served folder, as `notebooks/index.json` lists it. */
export interface NotebookEntry {
  /** The file without `.md` (what the app's `?nb=` names). */
  readonly id: string;
  /** The path relative to the folder, with `/` separators. */
  readonly file: string;
  readonly title: string;
  readonly description: string;
  /** In a built site with thumbnails: the URL of the first plot's SVG, relative to the site (`thumbnails/gd.svg`). */
  readonly thumbnail?: string;
}

/** An entry with what the server keeps about its bytes. */
export interface ScannedNotebook extends NotebookEntry {
  /** SHA-256 of the file's bytes, hex. */
  readonly hash: string;
}

/** Options of {@link listNotebooks}. */
export interface ListOptions {
  /** Files (relative, `/`-separated) listed even though the rules skip them (a `README.md` opened directly). */
  readonly include?: readonly string[];
  /** Absolute folders left out (the output of `gradbook build` when it sits inside the folder). */
  readonly exclude?: readonly string[];
}

/** SHA-256 of some bytes, hex: the ETag and `hash` of the HTTP contract. */
export function hashBytes(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Whether a folder is a site written by `gradbook build` (its notebook copies are not notebooks). */
export function isBuiltSite(dir: string): boolean {
  return existsSync(path.join(dir, 'index.html')) && existsSync(path.join(dir, 'notebooks', 'index.json'));
}

/** Whether a file name is a notebook by the listing rules: `.md`, and not a README. */
export function isNotebookName(name: string): boolean {
  return name.endsWith('.md') && name.length > 3 && name.toLowerCase() !== 'readme.md';
}

function inside(root: string, file: string): boolean {
  return file === root || file.startsWith(root + path.sep);
}

async function walk(root: string, dir: string, exclude: readonly string[], out: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (exclude.some((x) => inside(x, full)) || isBuiltSite(full)) continue;
      await walk(root, full, exclude, out);
    } else if (isNotebookName(entry.name) && (entry.isFile() || entry.isSymbolicLink())) {
      // A link is listed only when it points at a file inside the folder.
      if (entry.isSymbolicLink() && !inside(root, await realpath(full).catch(() => ''))) continue;
      out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  }
}

/**
 * The notebooks of a folder and its subfolders: every `.md` file but `README.md`, skipping hidden
 * folders, `node_modules`, sites written by `gradbook build`, and links that lead out of the folder.
 * Sorted by path.
 *
 * @param root - the folder (resolved to its real path).
 * @param options - `include` (files listed anyway) and `exclude` (folders left out).
 * @returns one entry per notebook, with the SHA-256 of its bytes.
 * @example
 * const list = await listNotebooks('mycourse');
 * // [{ id: 'gd', file: 'gd.md', title: 'Gradient descent', description: '…', hash: '…' }]
 */
export async function listNotebooks(root: string, options: ListOptions = {}): Promise<ScannedNotebook[]> {
  const real = await realpath(root);
  const files: string[] = [];
  await walk(real, real, (options.exclude ?? []).map((x) => path.resolve(x)), files);
  for (const extra of options.include ?? []) if (!files.includes(extra)) files.push(extra);
  files.sort();
  const out: ScannedNotebook[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(path.join(real, ...file.split('/')));
    } catch {
      continue; // removed while listing
    }
    const id = file.slice(0, -3);
    out.push({ id, file, ...describeNotebook(bytes.toString('utf8'), path.posix.basename(id)), hash: hashBytes(bytes) });
  }
  return out;
}

/** The JSON of `notebooks/index.json`: `[{ id, file, title, description }]`, with `thumbnail` where a build made one. */
export function notebookIndex(list: readonly NotebookEntry[]): string {
  return JSON.stringify(list.map(({ id, file, title, description, thumbnail }) => ({ id, file, title, description, ...(thumbnail ? { thumbnail } : {}) })), null, 1);
}
