/**
 * `pnpm bench sweep`: a sweep of 16 short CPU-bound runs with 2 worker processes against 1, timed
 * in alternating rounds in the same run (target: ≥ 1.7× on a 2-core machine).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
// The built kernel, as a user runs it: its worker processes start from dist/ (no TypeScript loader).
import { sweepNotebook as sweep } from '../../packages/kernel/dist/node/index.js';
import { parseGridAxis } from '../../packages/kernel/dist/index.js';
import type { BenchResult } from './run.js';
import { fmt, median } from './timing.js';

// About a second of arithmetic per run (no tensors: the point is the pool, not the backend).
const NOTEBOOK = '```js\nk = 1\n```\n\n```js\nwork = { let s = 0; for (let i = 0; i < 2e8; i++) s += Math.sqrt(i + k + seed); return s }\n```\n';

export default async function bench(): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gradbook-sweep-bench-'));
  const file = path.join(dir, 'work.md');
  writeFileSync(file, NOTEBOOK);
  const axes = [parseGridAxis('k=1..8')];
  const seeds = [0, 1];
  const times: Record<1 | 2, number[]> = { 1: [], 2: [] };
  let round = 0;
  try {
    for (let r = 0; r < 2; r++) {
      for (const workers of [1, 2] as const) {
        const t0 = performance.now();
        const result = await sweep({ file, axes, seeds, out: path.join(dir, `out-${round++}`), workers });
        if (result.records.length !== 16 || result.summary.failed > 0) throw new Error(`the bench sweep ran ${result.records.length} runs, ${result.summary.failed} failed`);
        times[workers].push(performance.now() - t0);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const [one, two] = [median(times[1]), median(times[2])];
  return {
    figures: { sweep16_1worker_ms: one, sweep16_2workers_ms: two, speedup_2_vs_1: one / two, cores: availableParallelism() },
    lines: [
      `16 runs, 1 worker:  ${fmt(one / 1000)} s (rounds ${times[1].map((t) => fmt(t / 1000)).join(', ')})`,
      `16 runs, 2 workers: ${fmt(two / 1000)} s (rounds ${times[2].map((t) => fmt(t / 1000)).join(', ')})`,
      `speed-up 2 vs 1 worker: ${fmt(one / two)}× (target ≥ 1.7× on ${availableParallelism()} cores)`,
    ],
  };
}
