import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gradbook-sweep-cli-'));
const file = path.join(dir, 'nb.md');
writeFileSync(file, '```js\nk = 1\n```\n\n```js\nscore = k * 2 + seed\n```\n\n```js\nok = assert(score < 5, `score ${score} is below 5`)\n```\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s), isTTY: false } };
}

describe('gradbook sweep', () => {
  it.each([
    [['sweep'], /sweep expects one notebook file/],
    [['sweep', 'nb.md', '--grid', 'k=1,,2'], /--grid k=1,,2: an empty value/],
    [['sweep', 'nb.md', '--seeds', '0..x'], /--seeds 0..x: the range 0..x needs a number at each end/],
    [['sweep', 'nb.md', '--workers', '0'], /--workers expects a whole number ≥ 1, received "0"/],
    [['sweep', 'nb.md', '--frobnicate'], /unknown option --frobnicate/],
  ])('%j is a usage error naming the problem (exit 2)', async (argv, message) => {
    const c = io();
    expect(await main(argv, c.io)).toBe(2);
    expect(c.err.join('')).toMatch(message);
  });

  it('an axis that names no cell is an error before anything runs (exit 2)', async () => {
    const c = io();
    expect(await main(['sweep', file, '--grid', 'lr=1,2', '--out', path.join(dir, 'x')], c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/no cell named lr; it defines k, score, ok/);
  });

  it('prints the summary as JSON and exits 1 when a claim failed in some run', async () => {
    const c = io();
    const code = await main(['sweep', file, '--grid', 'k=1,2', '--seeds', '0..1', '--workers', '2', '--json', '--out', path.join(dir, 'out')], c.io);
    expect(code).toBe(1); // k=2, seed 1: score 5 is not below 5
    const summary = JSON.parse(c.out.join(''));
    expect(summary.runs).toBe(4);
    expect(summary.failed).toBe(1);
    expect(summary.points.map((p: { values: { k: number }; claims: { ok: { k: number } } }) => [p.values.k, p.claims.ok.k])).toEqual([
      [1, 2],
      [2, 1],
    ]);
    expect(summary.files.csv).toMatch(/runs\.csv$/);
  });
});
