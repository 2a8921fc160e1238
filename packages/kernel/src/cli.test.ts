import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type CliIo } from './cli.js';
import { NOTEBOOKS } from './test-utils/notebooks.js';

const temp = mkdtempSync(path.join(tmpdir(), 'gradbook-cli-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), isTTY: false };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe('gradbook --help', () => {
  it('prints the usage and exits 0, before or after a command', async () => {
    for (const argv of [['--help'], ['-h'], ['help'], ['run', '--help']]) {
      const { code, stdout, stderr } = await cli(...argv);
      expect([argv, code]).toEqual([argv, 0]);
      expect(stdout).toMatch(/^Usage:\n  gradbook run/);
      expect(stderr).toBe('');
    }
  });
});

describe('gradbook run', () => {
  it("prints each assert cell's claim and whether it held, and gives them with --json", async () => {
    const file = path.join(temp, 'claims.md');
    const js = (source: string): string => '```js\n' + source + '\n```\n\n';
    writeFileSync(file, '# Claims\n\n' + js('x = 2') + js('fine = assert(x + x === 4, "two and two make four")') + js('wrong = assert(x + x === 5, "two and two make five")') + js('broken = assert(nope, "never checked")'));
    const plain = await cli('run', file, '--no-cache', '--quiet');
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain('✓ holds: two and two make four\n');
    expect(plain.stdout).toContain('✗ does not hold: two and two make five\n');
    expect(plain.stdout).not.toContain('never checked');
    expect(plain.stderr).toContain('error in broken: nope is not defined');
    const json = JSON.parse((await cli('run', file, '--no-cache', '--quiet', '--json')).stdout);
    expect(json.asserts).toEqual([
      { cell: 'fine', claim: 'two and two make four', holds: true },
      { cell: 'wrong', claim: 'two and two make five', holds: false },
    ]);
  });

  it('prints cells and errors as JSON and exits 0 when every cell ran', async () => {
    const { code, stdout } = await cli('run', path.join(NOTEBOOKS, 'basics.md'), '--json', '--no-cache', '--quiet');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.errors).toEqual({});
    expect(out.cells.y).toBe(42);
    expect(out.cells.lr).toBe(0.01);
    // A training run is summarised as its last event, tensors as shape + data.
    expect(out.cells.run.step).toBe(5);
    expect(out.cells.run.params.w.shape).toEqual([]);
    expect(out.cells.run.params.w.data[0]).toBeCloseTo(0.99 ** 5, 5);
  });

  it('applies --set overrides, parsing values as JSON', async () => {
    const { code, stdout } = await cli('run', path.join(NOTEBOOKS, 'basics.md'), '--json', '--no-cache', '--quiet', '--set', 'lr=0.5', '--set=steps=1');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.cells.lr).toBe(0.5);
    expect(out.cells.final_loss).toBeCloseTo(0.5, 6);
  });

  it('refuses a --set value that looks like JSON but does not parse, NaN and Infinity, and a name given twice', async () => {
    const basics = path.join(NOTEBOOKS, 'basics.md');
    const refused = async (...set: string[]) => {
      const r = await cli('run', basics, '--json', '--no-cache', '--quiet', ...set.flatMap((s) => ['--set', s]));
      expect([set, r.code, r.stdout]).toEqual([set, 2, '']);
      return r.stderr.split('\n')[0];
    };
    expect(await refused('lr=NaN')).toBe(`gradbook: --set lr=NaN: NaN is not a value an input can take; give a finite number (or a JSON string '"NaN"')`);
    expect(await refused('lr=-Infinity')).toMatch(/^gradbook: --set lr=-Infinity: -Infinity is not a value/);
    expect(await refused('steps=[1, 2')).toMatch(/^gradbook: --set steps=\[1, 2: the value looks like JSON but does not parse \(.*\); fix it, or quote a string as JSON/);
    expect(await refused('lr=0.5x')).toMatch(/^gradbook: --set lr=0\.5x: the value looks like JSON but does not parse/);
    expect(await refused('lr=0.5', 'lr=0.6')).toBe('gradbook: --set lr is given twice; give each name once');
    // A bare word is still a string, and a JSON string may say NaN.
    const word = await cli('run', basics, '--json', '--no-cache', '--quiet', '--set', 'x=moons', '--set', 'y="NaN"');
    expect(JSON.parse(word.stdout).cells).toMatchObject({ x: 'moons', y: 'NaN' });
  });

  it('checks an input\'s --set value as the app checks a link\'s: a slider\'s range', async () => {
    const { code, stdout, stderr } = await cli('run', path.join(NOTEBOOKS, 'basics.md'), '--json', '--no-cache', '--quiet', '--set', 'lr=5');
    expect(code).toBe(1);
    expect(JSON.parse(stdout).errors.lr).toBe('the value 5 given for lr is refused: 5 is outside [0.0001, 1]');
    expect(stderr).toContain('error in lr: the value 5 given for lr is refused');
  });

  it('exits 1 and lists the errors when a cell fails', async () => {
    const { code, stdout, stderr } = await cli('run', path.join(NOTEBOOKS, 'errors.md'), '--json', '--no-cache');
    expect(code).toBe(1);
    const out = JSON.parse(stdout);
    expect(out.cells.still_ok).toBe(20);
    expect(out.errors.thrower).toBe('boom');
    expect(stderr).toContain('error in thrower: boom');
  });

  it('shows a progress line per training run', async () => {
    const { stderr } = await cli('run', path.join(NOTEBOOKS, 'basics.md'), '--no-cache');
    expect(stderr).toMatch(/run \|.*\| step 5 loss 0\.95/);
  });

  it('exits 2 on a usage error', async () => {
    expect((await cli('run')).code).toBe(2);
    expect((await cli('run', 'x.md', '--set', 'novalue')).stderr).toContain('--set expects name=value');
    expect((await cli('frobnicate')).code).toBe(2);
  });
});

describe('gradbook run --verbose', () => {
  it('recomputes a cache entry edited by hand, and says so with --verbose', async () => {
    const dir = path.join(temp, 'verbose-cache');
    const basics = path.join(temp, 'cached.md');
    writeFileSync(basics, '```js cache\nrun = ({step: 3, loss: 0.25 * 3})\n```\n\n```js\nfinal_loss = run.loss\n```\n');
    const first = await cli('run', basics, '--json', '--quiet', '--cache-dir', dir);
    const expected = JSON.parse(first.stdout).cells.final_loss;
    expect(expected).toBe(0.75);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const file = path.join(dir, files[0]!);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/"loss":[-0-9.e]+/g, '"loss":0.9999'));
    const { code, stdout, stderr } = await cli('run', basics, '--json', '--quiet', '--verbose', '--cache-dir', dir);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).cells.final_loss).toBe(expected);
    expect(stderr).toBe(`cache: ${file} does not verify (its checksum does not match its value (edited or damaged)); recomputing\n`);
  });
});

describe('folders that cannot hold files', () => {
  it('refuses --cache-dir and --out under /proc (where Node\'s mkdir never returns) or below a file, before running', async () => {
    const basics = path.join(NOTEBOOKS, 'basics.md');
    const first = async (...argv: string[]) => {
      const r = await cli(...argv);
      expect([argv, r.code, r.stdout]).toEqual([argv, 2, '']);
      return r.stderr.split('\n')[0];
    };
    expect(await first('run', basics, '--quiet', '--cache-dir', '/proc/gradbook-cache')).toBe(
      'gradbook: --cache-dir: cannot use /proc/gradbook-cache as a folder: /proc is a virtual file system that holds no folders of files; choose a folder elsewhere',
    );
    expect(await first('run', basics, '--quiet', '--no-cache', '--out', '/proc/self/report')).toMatch(/^gradbook: --out: cannot use \/proc\/self\/report as a folder: \/proc is a virtual/);
    expect(await first('test', path.join(NOTEBOOKS, 'ci'), '--cache-dir', '/sys/x')).toMatch(/^gradbook: --cache-dir: cannot use \/sys\/x as a folder/);
    const file = path.join(temp, 'a-file');
    writeFileSync(file, '');
    expect(await first('run', basics, '--quiet', '--no-cache', '--out', path.join(file, 'r'))).toBe(`gradbook: --out: cannot use ${path.join(file, 'r')} as a folder: ${file} is a file, not a folder`);
  });
});

/** Writes a notebook (and any others) into a fresh folder of `temp`; returns the folder. */
function notebooks(folder: string, files: Record<string, string>): string {
  const dir = path.join(temp, folder);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const cells = (...sources: string[]) => sources.map((s) => '```js\n' + s + '\n```\n').join('\n');
const GOOD = cells('x = 2', 'y = x * 21');

describe('stray asynchronous errors', () => {
  const STRAY = cells('ok = 1', 'dropped = { Promise.reject(new Error("x")); return 1 }', 'late = { setTimeout(() => { throw new Error("from a timer") }, 0); return 2 }', 'after = { await new Promise((r) => setTimeout(r, 50)); return ok + 1 }');

  it('become errors of their cells in gradbook run: JSON is printed, the other cells keep their values', async () => {
    const dir = notebooks('stray-run', { 'stray.md': STRAY });
    const { code, stdout, stderr } = await cli('run', path.join(dir, 'stray.md'), '--json', '--no-cache', '--quiet');
    expect(code).toBe(1);
    const out = JSON.parse(stdout);
    expect(out.errors).toEqual({ dropped: 'x (uncaught, from a callback or promise of this cell)', late: 'from a timer (uncaught, from a callback or promise of this cell)' });
    expect(out.cells).toMatchObject({ ok: 1, after: 2 });
    expect(stderr).toContain('error in dropped: x (uncaught');
  });

  it('do not stop gradbook test before the remaining notebooks', async () => {
    const dir = notebooks('stray-test', { 'a-stray.md': STRAY, 'b-good.md': GOOD });
    const { code, stdout } = await cli('test', dir, '--no-cache');
    expect(code).toBe(1);
    expect(stdout).toMatch(/FAIL .*a-stray\.md/);
    expect(stdout).toContain('late: from a timer (uncaught');
    expect(stdout).toMatch(/ok {3}.*b-good\.md/);
    expect(stdout).toContain('1 of 2 notebooks passed');
  });
});

describe('a cell stuck in a synchronous loop', () => {
  const SPIN = cells('ok = 1', 'spin = { ok; while (true) {} }', 'waits = spin + 1');

  it('is stopped at --timeout in gradbook run: reported as still running, the other cells kept', async () => {
    const dir = notebooks('spin-run', { 'spin.md': SPIN });
    const started = performance.now();
    const { code, stdout } = await cli('run', path.join(dir, 'spin.md'), '--json', '--no-cache', '--quiet', '--timeout', '1');
    expect(code).toBe(1);
    const out = JSON.parse(stdout);
    expect(out.cells).toEqual({ ok: 1 });
    expect(out.errors.spin).toBe('still running after 1 s');
    // Generous: the worker's start on a loaded machine, the timeout, and its second of grace.
    expect(performance.now() - started).toBeLessThan(60_000);
  });

  it('does not hang gradbook test: that notebook fails, the next one runs', async () => {
    const dir = notebooks('spin-test', { 'a-spin.md': SPIN, 'b-good.md': GOOD });
    const { code, stdout } = await cli('test', dir, '--no-cache', '--timeout', '1');
    expect(code).toBe(1);
    expect(stdout).toMatch(/FAIL .*a-spin\.md/);
    expect(stdout).toContain('spin: still running after 1 s');
    expect(stdout).toMatch(/ok {3}.*b-good\.md/);
  });
});

describe('gradbook run --out', () => {
  it('writes a static HTML report', async () => {
    const out = path.join(temp, 'report');
    const { code, stdout } = await cli('run', path.join(NOTEBOOKS, 'report.md'), '--out', out, '--no-cache', '--quiet');
    expect(code).toBe(1); // report.md has one failing cell on purpose
    expect(stdout).toContain(`report written to ${path.join(out, 'index.html')}`);
    const page = readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(page).toContain('<title>A report</title>');
    expect(page).not.toMatch(/<script/i);
  });
});

describe('gradbook test', () => {
  it('runs every notebook with its test overrides and passes when no cell fails', async () => {
    const { code, stdout } = await cli('test', path.join(NOTEBOOKS, 'ci'), '--no-cache');
    expect(stdout).toMatch(/ok {3}.*quadratic\.md/);
    expect(stdout).toMatch(/ok {3}.*tables\.md/);
    expect(stdout).toContain('2 of 2 notebooks passed');
    expect(code).toBe(0);
  });

  it('fails on a failed assertion cell and names it', async () => {
    const { code, stdout } = await cli('test', path.join(NOTEBOOKS, 'ci-failing'), '--no-cache');
    expect(code).toBe(1);
    expect(stdout).toMatch(/FAIL .*wrong-claim\.md/);
    expect(stdout).toContain('claim: does not hold: two and two make five');
    expect(stdout).toContain('0 of 1 notebooks passed');
  });

  it('fails on any cell error', async () => {
    const { code, stdout } = await cli('test', NOTEBOOKS, '--no-cache', '--timeout', '1');
    expect(code).toBe(1);
    expect(stdout).toContain('thrower: boom');
    expect(stdout).toContain('ticks: still running after 1 s');
    expect(stdout).toMatch(/ok {3}.*basics\.md/);
  });

  it('exits 2 when the directory does not exist', async () => {
    expect((await cli('test', path.join(temp, 'nope'))).code).toBe(2);
  });
});

describe('gradbook run --timeout', () => {
  it('gives up on a cell that never finishes and counts it as an error', async () => {
    const { code, stdout } = await cli('run', path.join(NOTEBOOKS, 'forever.md'), '--json', '--no-cache', '--timeout', '0.3');
    expect(code).toBe(1);
    const out = JSON.parse(stdout);
    expect(out.cells.done).toBe(1);
    expect(out.errors).toEqual({ ticks: 'still running after 0.3 s' });
    expect(out.cells.ticks).toBeGreaterThan(3);
  });

  it('rejects a timeout that is not a positive number', async () => {
    expect((await cli('run', path.join(NOTEBOOKS, 'forever.md'), '--timeout', 'soon')).code).toBe(2);
  });
});
