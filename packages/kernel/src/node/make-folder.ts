import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { GradbookError } from '@gradbook/core';

/** File systems of the kernel's own making (processes, devices' attributes): they hold no folders of files. */
const VIRTUAL = ['/proc', '/sys'];

/** How long making a folder may take before it is given up (a hung network mount, say). */
export const MAKE_FOLDER_TIMEOUT_MS = 10_000;

const code = (error: unknown): string | undefined => (error as { code?: string } | null)?.code;

function refuseVirtual(where: string, full: string): void {
  const virtual = VIRTUAL.find((root) => full === root || full.startsWith(root + path.sep));
  if (virtual) throw new GradbookError(where, `cannot use ${full} as a folder: ${virtual} is a virtual file system that holds no folders of files; choose a folder elsewhere`);
}

/** The folders of `dir` that do not exist yet, outermost first; throws when a file stands in the way. */
async function missingFolders(where: string, dir: string): Promise<string[]> {
  const missing: string[] = [];
  let at = dir;
  for (;;) {
    const info = await stat(at).catch((error: unknown) => {
      if (code(error) === 'ENOENT' || code(error) === 'ENOTDIR') return null; // ENOTDIR: a file further up, found below
      throw new GradbookError(where, `cannot use ${dir} as a folder: ${(error as Error).message}`);
    });
    if (info) {
      if (!info.isDirectory()) throw new GradbookError(where, `cannot use ${dir} as a folder: ${at} is a file, not a folder`);
      break;
    }
    missing.unshift(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  return missing;
}

/** Makes the missing folders of `dir` one by one, each a single `mkdir` that returns at once. */
async function makeSteps(where: string, dir: string): Promise<void> {
  for (const folder of await missingFolders(where, dir)) {
    try {
      await mkdir(folder);
    } catch (error) {
      if (code(error) === 'EEXIST' && (await stat(folder).catch(() => null))?.isDirectory()) continue; // made by a concurrent writer
      throw new GradbookError(where, `cannot create the folder ${folder}: ${(error as Error).message}`);
    }
  }
}

/**
 * Makes a folder and its missing parents, refusing paths that cannot be a folder of files (under
 * `/proc` or `/sys`, or below a file) with an error naming the path, and giving up after
 * `timeoutMs`. Node's own `mkdir(dir, { recursive: true })` never returns under `/proc` (it
 * retries forever), so each missing folder is made by a plain `mkdir`, which fails at once there.
 *
 * @param where - who asks, for the error (`--cache-dir`, `--out`).
 * @param dir - the folder.
 * @param timeoutMs - the time allowed (default {@link MAKE_FOLDER_TIMEOUT_MS}).
 * @returns the absolute path of the folder.
 * @throws GradbookError naming the path and why it cannot be a folder.
 * @example
 * await makeFolder('--out', 'report'); // '/home/me/report'
 */
export async function makeFolder(where: string, dir: string, timeoutMs = MAKE_FOLDER_TIMEOUT_MS): Promise<string> {
  const full = path.resolve(dir);
  refuseVirtual(where, full);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new GradbookError(where, `making the folder ${full} took longer than ${timeoutMs / 1000} s; is it on a file system that answers?`)), timeoutMs);
    timer.unref();
  });
  try {
    await Promise.race([makeSteps(where, full), timeout]);
  } finally {
    clearTimeout(timer);
  }
  return full;
}

/**
 * Checks, without making anything, that `dir` can be a folder of files: not under `/proc` or
 * `/sys`, and no file where one of its folders would go. For arguments checked before a run starts.
 *
 * @param where - who asks, for the error (`--cache-dir`).
 * @param dir - the folder.
 * @throws GradbookError naming the path and why it cannot be a folder.
 */
export async function checkFolderPath(where: string, dir: string): Promise<void> {
  const full = path.resolve(dir);
  refuseVirtual(where, full);
  await missingFolders(where, full);
}
