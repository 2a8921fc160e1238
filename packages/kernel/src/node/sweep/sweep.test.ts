import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseGridAxis, parseSeeds } from '../../sweep/grid.js';
import type { RunRecord } from './run-point.js';
import { sweep } from './sweep.js';

// A notebook whose "loss" is a known function of lr, width and the seed, and one claim that holds
// for some seeds only: the rows can be checked value by value.
const NOTEBOOK = `---
title: Tiny sweep
seed: 3
test:
  width: 2
---
\`\`\`js
lr = 0.1
\`\`\`

\`\`\`js
width = 8
\`\`\`

\`\`\`js
loss = ((seed * 7 + width) % 10) / 10 + lr
\`\`\`

\`\`\`js
small = assert(loss < 0.6, \`loss \${loss} is below 0.6\`)
\`\`\`

\`\`\`js
shape = ({ width, lr })
\`\`\`
`;

const expectedLoss = (seed: number, width: number, lr: number) => ((seed * 7 + width) % 10) / 10 + lr;

const dir = mkdtempSync(path.join(tmpdir(), 'gradbook-sweep-'));
const file = path.join(dir, 'tiny sweep.md');
writeFileSync(file, NOTEBOOK);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const readRows = (out: string): RunRecord[] =>
  readFileSync(path.join(out, 'runs.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((l) => {
      try {
        return [JSON.parse(l)];
      } catch {
        return [];
      }
    });

describe('sweep', () => {
  it('runs every point × seed once on two workers, with the values the notebook computes', async () => {
    const out = path.join(dir, 'a');
    const axes = [parseGridAxis('lr=0.1,0.3'), parseGridAxis('width=4,8')];
    const seeds = parseSeeds('0..2');
    const result = await sweep({ file, axes, seeds, out, workers: 2, collect: ['shape'] });
    expect(result.records).toHaveLength(12);
    expect(new Set(result.records.map((r) => r.id)).size).toBe(12);
    for (const r of result.records) {
      const { lr, width } = r.values as { lr: number; width: number };
      const loss = expectedLoss(r.seed, width, lr);
      expect(r.scalars.loss).toBeCloseTo(loss, 12);
      expect(r.claims.small).toBe(loss < 0.6);
      expect(r.status).toBe(loss < 0.6 ? 'ok' : 'failed');
      if (loss >= 0.6) expect(r.error).toMatch(/small: does not hold: loss/);
      expect(r.collected.shape).toEqual({ width, lr });
    }
    // The table: one row per run, axes first.
    expect(result.table.numRows()).toBe(12);
    expect(result.table.columnNames().slice(0, 6)).toEqual(['lr', 'width', 'seed', 'status', 'error', 'wall_ms']);
    expect(result.table.columnNames()).toContain('held:small');
    const csv = readFileSync(result.files.csv, 'utf8').trim().split('\n');
    expect(csv).toHaveLength(13);
    // The summary: per point, the claim's held fraction over the three seeds.
    expect(result.summary.points).toHaveLength(4);
    for (const p of result.summary.points) {
      const { lr, width } = p.values as { lr: number; width: number };
      const held = [0, 1, 2].filter((s) => expectedLoss(s, width, lr) < 0.6).length;
      expect(p.claims.small).toMatchObject({ k: held, n: 3 });
      expect(p.metrics.loss!.mean).toBeCloseTo([0, 1, 2].reduce((a, s) => a + expectedLoss(s, width, lr), 0) / 3, 12);
    }
    const html = readFileSync(result.files.report, 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('held: small');
  });

  it('without --seeds uses the front matter seed, and --test its overrides', async () => {
    const result = await sweep({ file, axes: [], out: path.join(dir, 'b'), workers: 1, test: true });
    expect(result.records).toHaveLength(1);
    expect(result.records[0]!.seed).toBe(3);
    expect(result.records[0]!.scalars.loss).toBeCloseTo(expectedLoss(3, 2, 0.1), 12);
  });

  it('an interrupted sweep started again makes only the runs it lacks, and counts none twice', async () => {
    const out = path.join(dir, 'c');
    const axes = [parseGridAxis('lr=0.1,0.2,0.3')];
    const seeds = parseSeeds('0..1');
    const controller = new AbortController();
    let seen = 0;
    const first = await sweep({
      file,
      axes,
      seeds,
      out,
      workers: 1,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done > 0) seen = p.done;
        if (p.done >= 2) controller.abort();
      },
    });
    expect(first.interrupted).toBe(true);
    expect(seen).toBe(2);
    expect(readRows(out)).toHaveLength(2);
    // A line cut short by a crash is ignored, and its run made again.
    writeFileSync(path.join(out, 'runs.jsonl'), readFileSync(path.join(out, 'runs.jsonl'), 'utf8') + '{"id":"abc","val');
    const second = await sweep({ file, axes, seeds, out, workers: 2 });
    expect(second.resumed).toBe(2);
    expect(second.interrupted).toBe(false);
    const rows = readRows(out.toString()).filter((r) => typeof r.id === 'string' && r.id.length === 20);
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((r) => r.id)).size).toBe(6);
    for (const r of second.records) expect(r.scalars.loss).toBeCloseTo(expectedLoss(r.seed, 8, (r.values as { lr: number }).lr), 12);
  });

  it('refuses an axis that names no cell, before starting any process', async () => {
    await expect(sweep({ file, axes: [parseGridAxis('nope=1,2')], out: path.join(dir, 'd') })).rejects.toThrow(/the notebook has no cell named nope; it defines lr, width, loss, small, shape/);
  });

  it('a run that never settles is stopped and recorded as failed; the others go on', async () => {
    const spin = path.join(dir, 'spin.md');
    writeFileSync(spin, '```js\nn = 1\n```\n\n```js\nspin = { if (n === 2) while (true) {} return n * 10 }\n```\n');
    const result = await sweep({ file: spin, axes: [parseGridAxis('n=1,2,3')], out: path.join(dir, 'e'), workers: 2, timeout: 0.5 });
    const byN = new Map(result.records.map((r) => [(r.values as { n: number }).n, r]));
    expect(byN.get(1)!.scalars.spin).toBe(10);
    expect(byN.get(3)!.scalars.spin).toBe(30);
    expect(byN.get(2)!.status).toBe('failed');
    expect(byN.get(2)!.error).toMatch(/still running after .* s; its worker process was stopped/);
  }, 60_000);
});
