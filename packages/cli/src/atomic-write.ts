import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Replaces a file's bytes atomically: writes a temporary file in the same folder (so the rename
 * never crosses file systems), flushes it to disk, gives it the old file's mode, and renames it
 * over the file. Readers see the old bytes or the new, never a mix; a crash leaves the old file.
 *
 * @param file - the file to write (created when missing; `exclusive` refuses an existing one).
 * @param bytes - the new content.
 * @param options - `exclusive` (false): fail with `EEXIST` if the file exists.
 * @example
 * await atomicWrite('course/gd.md', Buffer.from('# GD\n'));
 */
export async function atomicWrite(file: string, bytes: Uint8Array, options: { exclusive?: boolean } = {}): Promise<void> {
  if (options.exclusive) {
    // Create the name first so a concurrent create loses, then fill it atomically.
    const created = await open(file, 'wx');
    await created.close();
    try {
      await atomicWrite(file, bytes);
    } catch (error) {
      await rm(file, { force: true });
      throw error;
    }
    return;
  }
  const old = await stat(file).catch(() => null);
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', old ? old.mode & 0o7777 : 0o666);
  try {
    await handle.writeFile(bytes);
    if (old) await handle.chmod(old.mode & 0o7777);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  } finally {
    await handle.close().catch(() => undefined);
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
