import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';

/** A notebook path the preview server refuses (HTTP 400), with the reason. */
export class NotebookPathError extends Error {
  override readonly name = 'NotebookPathError';
}

/**
 * The segments of a notebook path taken from a URL: percent-decoded once (so `%2F` and `%2e%2e`
 * count as what they decode to), split on `/`.
 *
 * @throws NotebookPathError when the encoding is malformed.
 */
export function decodeNotebookPath(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new NotebookPathError(`malformed percent-encoding in ${JSON.stringify(encoded.slice(0, 80))}`);
  }
}

function inside(root: string, file: string): boolean {
  return file === root || file.startsWith(root + path.sep);
}

/**
 * Where a notebook path of the HTTP contract points on disk, after every check the preview server
 * makes before reading or writing it: relative, `/`-separated, no `.` or `..` segment, no hidden
 * segment, no `node_modules`, no backslash or NUL, ending in `.md`; and, following links, still
 * inside the folder.
 *
 * @param root - the served folder's real path.
 * @param file - the decoded relative path, e.g. `week 1/gd.md`.
 * @returns the absolute path to read or write (a link inside the folder resolved to its target),
 *   and whether the file exists.
 * @throws NotebookPathError naming the rule broken.
 * @example
 * await resolveNotebookPath('/home/me/course', 'week 1/gd.md'); // { path: '/home/me/course/week 1/gd.md', exists: true }
 */
export async function resolveNotebookPath(root: string, file: string): Promise<{ path: string; exists: boolean }> {
  if (file.includes('\0') || file.includes('\\')) throw new NotebookPathError(`${JSON.stringify(file)} has a NUL or a backslash`);
  const segments = file.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) throw new NotebookPathError(`${JSON.stringify(file)} is not a relative path inside the folder`);
  if (segments.some((s) => s.startsWith('.') || s === 'node_modules')) throw new NotebookPathError(`${JSON.stringify(file)} is hidden or in node_modules`);
  if (!file.endsWith('.md') || segments[segments.length - 1] === '.md') throw new NotebookPathError(`${JSON.stringify(file)} is not a .md file`);
  const target = path.join(root, ...segments);
  if (!inside(root, target)) throw new NotebookPathError(`${JSON.stringify(file)} is outside the folder`);
  // The deepest part of the path that exists must really be inside the folder (no link out).
  let existing = target;
  for (;;) {
    const stat = await lstat(existing).catch(() => null);
    if (stat) break;
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  const real = await realpath(existing).catch(() => null);
  if (real === null || !inside(root, real)) throw new NotebookPathError(`${JSON.stringify(file)} leads out of the folder through a link`);
  if (existing !== target) {
    if (!(await lstat(real)).isDirectory()) throw new NotebookPathError(`${JSON.stringify(file)} is under a file, not a folder`);
    return { path: path.join(real, path.relative(existing, target)), exists: false };
  }
  const stat = await lstat(real);
  if (!stat.isFile()) throw new NotebookPathError(`${JSON.stringify(file)} is not a file`);
  return { path: real, exists: true };
}
