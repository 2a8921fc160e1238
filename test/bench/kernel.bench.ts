/**
 * The notebook kernel, on the cpu backend:
 * - latency from an input change (`viewof x` moved) to the start of a dependent cell's
 *   recomputation in a 100-cell notebook (one direct dependent, and the end of a 98-cell chain),
 *   against the same variables on a bare @observablehq/runtime, and a 2-cell notebook;
 * - the time to get a training cell's value back from the run cache when an input returns to an
 *   earlier value, against computing it (memory and disk caches);
 * - how many steps a stale training run takes after its input moves (target ≤ 1), and how long
 *   the new run waits to start.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compile, MemoryCache, run, type CellCache } from '@gradbook/kernel';
import { DiskCache } from '@gradbook/kernel/node';
import { fmt } from './timing.js';

interface Probe {
  starts: Record<string, number>;
  steps: { lr: number; steps: number; abortedAt: number | null; firstStepAt: number | null }[];
}
const probe = globalThis as unknown as { __bench: Probe };

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setImmediate(r));
  }
}

/** 100 cells: the input, a direct dependent, and a chain of 98 cells that all read x. */
function hundredCells(): string {
  const cells = ['viewof x = Inputs.range([0, 1000], {value: 0, step: 1})', 'direct = (globalThis.__bench.starts.direct = performance.now(), x + 1)'];
  cells.push('c1 = x + 1');
  for (let i = 2; i < 98; i++) cells.push(`c${i} = c${i - 1} + x * 0 + 1`);
  cells.push('last = (globalThis.__bench.starts.last = performance.now(), c97 + x)');
  return cells.map((c) => '```js\n' + c + '\n```\n').join('\n');
}

async function latency(source: string): Promise<{ direct: number; last: number }> {
  probe.__bench = { starts: {}, steps: [] };
  const nb = await run(compile(source), { backend: 'cpu', cache: null });
  await nb.settled();
  const direct: number[] = [];
  const last: number[] = [];
  for (let i = 1; i <= 40; i++) {
    probe.__bench.starts = {};
    const t0 = performance.now();
    nb.set('x', i);
    await until(() => probe.__bench.starts.last !== undefined);
    if (i > 5) {
      direct.push(probe.__bench.starts.direct! - t0);
      last.push(probe.__bench.starts.last! - t0);
    }
    await nb.settled();
  }
  nb.dispose();
  return { direct: median(direct), last: median(last) };
}

/**
 * The baseline: the same 100 variables on a bare @observablehq/runtime (no kernel: no signal,
 * ownership, cache keys or streaming wrapper), the input a generator of values as Observable's.
 */
async function bareRuntime(): Promise<{ direct: number; last: number }> {
  const kernelDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'packages', 'kernel');
  const entry = createRequire(path.join(kernelDir, 'package.json')).resolve('@observablehq/runtime');
  const { Runtime } = (await import(pathToFileURL(entry).href)) as { Runtime: new () => any };
  const runtime = new Runtime();
  const main = runtime.module();
  let resolveNext: ((v: number) => void) | null = null;
  let latest = 0;
  let stale = true; // the first pull gets the initial value 0
  const set = (v: number): void => {
    latest = v;
    if (resolveNext) (resolveNext(v), (resolveNext = null));
    else stale = true;
  };
  const observer = { fulfilled() {}, rejected() {} };
  main.variable(observer).define('x', [], () => ({
    next: () => ({ done: false, value: stale ? ((stale = false), Promise.resolve(latest)) : new Promise<number>((r) => (resolveNext = r)) }),
    return: () => ({ done: true }),
  }));
  main.variable(observer).define('direct', ['x'], (x: number) => ((probe.__bench.starts.direct = performance.now()), x + 1));
  main.variable(observer).define('c1', ['x'], (x: number) => x + 1);
  for (let i = 2; i < 98; i++) main.variable(observer).define(`c${i}`, [`c${i - 1}`, 'x'], (c: number, x: number) => c + x * 0 + 1);
  main.variable(observer).define('last', ['c97', 'x'], (c: number, x: number) => ((probe.__bench.starts.last = performance.now()), c + x));
  await main.value('last');
  const direct: number[] = [];
  const last: number[] = [];
  for (let i = 1; i <= 40; i++) {
    probe.__bench.starts = {};
    const t0 = performance.now();
    set(i);
    await until(() => probe.__bench.starts.last !== undefined);
    if (i > 5) {
      direct.push(probe.__bench.starts.direct! - t0);
      last.push(probe.__bench.starts.last! - t0);
    }
    await wait(2);
  }
  runtime.dispose();
  return { direct: median(direct), last: median(last) };
}

/** A second baseline: the input and one dependent alone, on the kernel. */
const TWO_CELLS = ['viewof x = Inputs.range([0, 1000], {value: 0, step: 1})', 'last = (globalThis.__bench.starts.direct = globalThis.__bench.starts.last = performance.now(), x + 1)']
  .map((c) => '```js\n' + c + '\n```\n')
  .join('\n');

/** A cached training-like run: 40 steps of a 64×64 linear least-squares problem. */
const TRAINING = `---
seed: 0
backend: cpu
---
\`\`\`js
viewof lr = Inputs.range([0, 0.1], {value: 0.01})
\`\`\`

\`\`\`js cache
run = {
  const x = tf.randomNormal([128, 64], 0, 1, "float32", seed);
  const y = tf.randomNormal([128, 1], 0, 1, "float32", seed + 1);
  let w = tf.zeros([64, 1]);
  try {
    for (let step = 1; step <= 40; ++step) {
      if (signal.aborted) return;
      const next = tf.tidy(() => {
        const g = tf.grad((v) => x.matMul(v).sub(y).square().mean())(w);
        return w.sub(g.mul(lr));
      });
      w.dispose();
      w = next;
      yield {step, loss: tf.tidy(() => x.matMul(w).sub(y).square().mean().dataSync()[0]), params: {w: w.clone()}};
    }
  } finally {
    tf.dispose([x, y, w]);
  }
}
\`\`\`
`;

async function cacheHit(cache: CellCache): Promise<{ miss: number; hit: number }> {
  // The time from the input change to the cell's final value (step 40) reaching its observer.
  let finished = 0;
  const nb = await run(compile(TRAINING), {
    backend: 'cpu',
    cache,
    observer: (cell) => (cell.name === 'run' ? { fulfilled: (v) => void ((v as { step: number }).step === 40 && (finished = performance.now())) } : undefined),
  });
  await nb.settled();
  const time = async (lr: number): Promise<number> => {
    finished = 0;
    const t0 = performance.now();
    nb.set('lr', lr);
    await until(() => finished > 0);
    const ms = finished - t0;
    await nb.settled();
    return ms;
  };
  const miss: number[] = [];
  const hit: number[] = [];
  for (let i = 0; i < 5; i++) {
    const lr = 0.02 + i * 0.01;
    miss.push(await time(lr));
    await time(0.01);
    hit.push(await time(lr));
  }
  const hits = nb.cell('run')!.cacheHits;
  nb.dispose();
  if (hits < 10) throw new Error(`expected cache hits, got ${hits}`);
  return { miss: median(miss), hit: median(hit) };
}

const STALE = `---
backend: cpu
---
\`\`\`js
viewof lr = Inputs.range([0, 1], {value: 0.1})
\`\`\`

\`\`\`js
run = {
  const entry = {lr, steps: 0, abortedAt: null, firstStepAt: null};
  globalThis.__bench.steps.push(entry);
  signal.addEventListener("abort", () => (entry.abortedAt = entry.steps));
  let w = tf.ones([256, 256]);
  try {
    for (let step = 1; step <= 1000; ++step) {
      if (signal.aborted) return;
      if (step === 1) entry.firstStepAt = performance.now();
      const next = tf.tidy(() => w.matMul(w).mul(1 / 256).sub(w.mul(lr)));
      // An asynchronous read-back, as on WebGL/WebGPU, keeps the step in flight for a while.
      await next.data();
      await new Promise((resolve) => setTimeout(resolve, 8));
      w.dispose();
      w = next;
      entry.steps++;
      yield {step, loss: step, params: {w}};
    }
  } finally {
    w.dispose();
  }
}
\`\`\`
`;

async function staleRuns(): Promise<{ maxAfter: number; meanAfter: number; waitMs: number; stepMs: number }> {
  probe.__bench = { starts: {}, steps: [] };
  const nb = await run(compile(STALE), { backend: 'cpu', cache: null });
  const after: number[] = [];
  const waits: number[] = [];
  await until(() => (probe.__bench.steps[0]?.steps ?? 0) >= 3);
  const t0 = performance.now();
  const s0 = probe.__bench.steps[0]!.steps;
  await until(() => probe.__bench.steps[0]!.steps >= s0 + 5);
  const stepMs = (performance.now() - t0) / (probe.__bench.steps[0]!.steps - s0);
  for (let trial = 1; trial <= 12; trial++) {
    const current = probe.__bench.steps.at(-1)!;
    await until(() => current.steps >= 2);
    await wait(stepMs * (0.3 + (trial % 4) * 0.2));
    const moved = performance.now();
    nb.set('lr', trial / 100);
    await until(() => probe.__bench.steps.length === trial + 1 && probe.__bench.steps.at(-1)!.firstStepAt !== null);
    waits.push(probe.__bench.steps.at(-1)!.firstStepAt! - moved);
    await wait(stepMs * 3);
    after.push(current.steps - (current.abortedAt ?? current.steps));
  }
  nb.dispose();
  return { maxAfter: Math.max(...after), meanAfter: after.reduce((a, b) => a + b, 0) / after.length, waitMs: median(waits), stepMs };
}

export default async function bench(): Promise<{ figures: Record<string, number>; lines: string[] }> {
  const lat = await latency(hundredCells());
  const base = await latency(TWO_CELLS);
  const bare = await bareRuntime();
  const memory = await cacheHit(new MemoryCache());
  const dir = mkdtempSync(path.join(tmpdir(), 'gradbook-bench-'));
  let disk: { miss: number; hit: number };
  try {
    disk = await cacheHit(new DiskCache(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const stale = await staleRuns();
  const figures = {
    inputToDirectDependentMs: lat.direct,
    inputToChainEndMs: lat.last,
    bareRuntimeInputToDirectDependentMs: bare.direct,
    bareRuntimeInputToChainEndMs: bare.last,
    inputToDirectDependentOverBareRuntime: lat.direct / bare.direct,
    inputToChainEndOverBareRuntime: lat.last / bare.last,
    twoCellInputToDependentMs: base.direct,
    inputToDirectDependentOverTwoCell: lat.direct / base.direct,
    trainingRunMs: memory.miss,
    memoryCacheHitMs: memory.hit,
    memoryCacheHitOverRun: memory.hit / memory.miss,
    diskCacheHitMs: disk.hit,
    diskCacheHitOverRun: disk.hit / disk.miss,
    staleStepsAfterMoveMax: stale.maxAfter,
    staleStepsAfterMoveMean: stale.meanAfter,
    staleStepMs: stale.stepMs,
    newRunWaitMs: stale.waitMs,
  };
  const lines = [
    `100-cell notebook, input moved → direct dependent starts: ${fmt(lat.direct)} ms (bare runtime ${fmt(bare.direct)} ms: ${fmt(figures.inputToDirectDependentOverBareRuntime)}×; 2-cell notebook ${fmt(base.direct)} ms); → end of a 98-cell chain starts: ${fmt(lat.last)} ms (bare runtime ${fmt(bare.last)} ms: ${fmt(figures.inputToChainEndOverBareRuntime)}×)`,
    `training cell (40 steps, 128×64 least squares): computed ${fmt(memory.miss)} ms; from the memory cache ${fmt(memory.hit)} ms (${fmt(figures.memoryCacheHitOverRun)}×); from the disk cache ${fmt(disk.hit)} ms (${fmt(figures.diskCacheHitOverRun)}× of ${fmt(disk.miss)} ms)`,
    `stale run after its input moved: at most ${stale.maxAfter} step (mean ${fmt(stale.meanAfter)}) over 12 moves at random points of a ${fmt(stale.stepMs)} ms step (target ≤ 1); the new run started after ${fmt(stale.waitMs)} ms (median)`,
  ];
  return { figures, lines };
}
