import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type CliIo } from './cli.js';

const temp = mkdtempSync(path.join(tmpdir(), 'gradbook-cli-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

async function cli(argv: string[], until?: Promise<void>, onOut?: (s: string) => void): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (s) => void ((stdout += s), onOut?.(s)), stderr: (s) => void (stderr += s), isTTY: false };
  const code = await main(argv, io, until);
  return { code, stdout, stderr };
}

describe('gradbook (the @gradbook/cli command)', () => {
  it('prints the usage of all four verbs', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    for (const verb of ['run', 'test', 'preview', 'build']) expect(stdout).toMatch(new RegExp(`^  gradbook ${verb} `, 'm'));
    expect((await cli(['preview', '--help'])).stdout).toMatch(/--read-only/);
  });

  it('says what is wrong with a command line and exits 2', async () => {
    expect(await cli(['serve'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^gradbook: unknown command serve/) });
    expect(await cli(['preview', '--port', 'eighty'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--port expects a port number 0–65535, received "eighty"/) });
    expect(await cli(['preview', '--colour'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown option --colour/) });
    expect(await cli(['build', 'a', 'b'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/build expects one folder/) });
  });

  it('runs a notebook by a path relative to the working folder (the kernel runner)', async () => {
    writeFileSync(path.join(temp, 'tiny.md'), '# Tiny\n\n```js\nx = 6 * 7\n```\n');
    const cwd = process.cwd();
    process.chdir(temp);
    try {
      const { code, stdout, stderr } = await cli(['run', 'tiny.md', '--json', '--no-cache', '--quiet']);
      expect([code, stderr]).toEqual([0, '']);
      expect(JSON.parse(stdout).cells.x).toBe(42);
    } finally {
      process.chdir(cwd);
    }
  });

  it('previews a folder until told to stop, printing its address', async () => {
    let stop!: () => void;
    const until = new Promise<void>((resolve) => (stop = resolve));
    let address = '';
    const done = cli(['preview', temp, '--port', '0', '--read-only'], until, (s) => {
      address = /http:\/\/127\.0\.0\.1:\d+\//.exec(s)?.[0] ?? address;
      if (address) stop();
    });
    const { code, stdout } = await done;
    expect(code).toBe(0);
    expect(stdout).toMatch(/\(read-only\) at http:\/\/127\.0\.0\.1:\d+\//);
  });

  it('fails a build whose notebook does not compile, naming it', async () => {
    const dir = mkdtempSync(path.join(temp, 'course-'));
    writeFileSync(path.join(dir, 'bad.md'), '---\ntitle: [unclosed\n---\n');
    const { code, stderr } = await cli(['build', dir, '--out', path.join(dir, 'site')]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error in bad\.md: /);
    expect(() => readFileSync(path.join(dir, 'site', 'index.html'))).toThrow();
  });
});
