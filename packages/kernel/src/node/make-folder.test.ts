import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { checkFolderPath, makeFolder } from './make-folder.js';
import { DiskCache } from './disk-cache.js';

// A file system that never answers, for folders named `hangs`: the time bound must end the wait.
vi.mock('node:fs/promises', async (original) => {
  const real = await original<typeof import('node:fs/promises')>();
  return { ...real, mkdir: ((dir: string, options?: object) => (String(dir).endsWith('hangs') ? new Promise(() => undefined) : real.mkdir(dir, options))) as typeof real.mkdir };
});

const temp = mkdtempSync(path.join(tmpdir(), 'gradbook-folder-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('makeFolder', () => {
  it('makes a folder and its missing parents, and accepts one that exists', async () => {
    const dir = path.join(temp, 'a', 'b', 'c');
    expect(await makeFolder('--out', dir)).toBe(dir);
    expect(statSync(dir).isDirectory()).toBe(true);
    expect(await makeFolder('--out', dir)).toBe(dir);
  });

  it('refuses /proc and /sys at once (Node\'s recursive mkdir never returns under /proc)', async () => {
    await expect(makeFolder('--cache-dir', '/proc/gradbook-cache/x')).rejects.toThrow(
      '--cache-dir: cannot use /proc/gradbook-cache/x as a folder: /proc is a virtual file system that holds no folders of files; choose a folder elsewhere',
    );
    await expect(makeFolder('--out', '/sys/report')).rejects.toThrow(/^--out: cannot use \/sys\/report as a folder: \/sys is a virtual file system/);
    await expect(checkFolderPath('--cache-dir', '/proc/self/x')).rejects.toThrow(/\/proc is a virtual file system/);
  });

  it('refuses a path below a file, naming the file', async () => {
    const file = path.join(temp, 'plain.txt');
    writeFileSync(file, 'x');
    await expect(makeFolder('--out', path.join(file, 'report'))).rejects.toThrow(`--out: cannot use ${path.join(file, 'report')} as a folder: ${file} is a file, not a folder`);
    await expect(checkFolderPath('--out', file)).rejects.toThrow(/is a file, not a folder/);
  });

  it('gives up after its time bound', async () => {
    const dir = path.join(temp, 'hangs');
    await expect(makeFolder('--out', dir, 50)).rejects.toThrow(`--out: making the folder ${dir} took longer than 0.05 s; is it on a file system that answers?`);
  });

  it('a DiskCache under /proc fails its write with that error instead of spinning', async () => {
    await expect(new DiskCache('/proc/gradbook-cache').set('0123456789abcdef', '1')).rejects.toThrow(/\/proc is a virtual file system/);
  });
});
