import { availableParallelism } from 'node:os';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { BackendName } from '@gradbook/core';
import type { CliIo } from '../../cli.js';
import { readArgument } from '../../cli-arguments.js';
import { GridError, parseGridAxis, parseSeeds, type GridAxis } from '../../sweep/grid.js';
import { sweep, type SweepProgress, type SweepResult } from './sweep.js';
import { redisConnection, RedisUrlError } from './queue/redis-url.js';
import type { SweepSummary } from '../../sweep/sweep-table.js';

export const SWEEP_USAGE = `Usage:
  gradbook sweep <notebook.md> [--grid name=v1,v2,… …] [--seeds 0..9] [--out dir] [--workers N]
                               [--test] [--collect name,…] [--backend …] [--timeout seconds] [--json] [--quiet]
                               [--queue redis://host:6379 [--queue-name name] [--detach]]
  gradbook worker redis://host:6379 [--workers N] [--queue-name name] [--lock-seconds s]

sweep  runs the notebook once per point of the grid and per seed, in a pool of worker processes,
       and writes one table of runs (runs.csv, runs.jsonl, runs.arrow), summary.json and report.html.
       --grid     a cell and its values: lr=0.01,0.03,0.1 · width=8..64:8 · name='a,b',"c" · sizes=[8,8],[16]
       --seeds    the notebook's seed for each run: 0..9, 0,3,7 or 5 (default: the front matter's)
       --out      the results folder (default sweep-<notebook>); started again, it skips runs already done
       --workers  worker processes (default one per core: ${availableParallelism()} here)
       --collect  cells to keep in every row whatever their type; numeric ones are summarised
       --test     apply the notebook's front-matter test overrides first
       --timeout  seconds before a run's unfinished cells count as errors (default 600)
       --queue    enqueue the runs on Redis (BullMQ) for \`gradbook worker\` processes on any machines,
                  and collect their rows; --detach enqueues and returns (the same command collects later)
worker takes sweep runs from the queue and runs them (--workers at a time, each in its own process)
       until Ctrl+C; a run whose worker dies is retried elsewhere, up to 3 tries
`;

class SweepUsageError extends Error {}

interface SweepArgs {
  file: string;
  axes: GridAxis[];
  seeds: number[] | null;
  out: string | null;
  workers: number | null;
  collect: string[];
  test: boolean;
  json: boolean;
  quiet: boolean;
  backend: BackendName | undefined;
  timeout: number | undefined;
  queue: string | null;
  queueName: string | undefined;
  detach: boolean;
}

function parse(argv: readonly string[]): SweepArgs {
  const a: SweepArgs = { file: '', axes: [], seeds: null, out: null, workers: null, collect: [], test: false, json: false, quiet: false, backend: undefined, timeout: undefined, queue: null, queueName: undefined, detach: false };
  const positional: string[] = [];
  const valued = new Set(['--grid', '--seeds', '--out', '--workers', '--collect', '--backend', '--timeout', '--queue', '--queue-name']);
  for (let i = 0; i < argv.length; ) {
    const { arg, value, valued: takesValue, next } = readArgument(argv, i, valued);
    i = next;
    if (takesValue) {
      if (value === undefined) throw new SweepUsageError(`${arg} needs a value`);
      if (arg === '--grid') a.axes.push(parseGridAxis(value));
      else if (arg === '--seeds') a.seeds = parseSeeds(value);
      else if (arg === '--out') a.out = value;
      else if (arg === '--collect') a.collect.push(...value.split(',').map((s) => s.trim()).filter(Boolean));
      else if (arg === '--backend') a.backend = value as BackendName;
      else if (arg === '--queue') a.queue = value;
      else if (arg === '--queue-name') a.queueName = value;
      else if (arg === '--workers') {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1) throw new SweepUsageError(`--workers expects a whole number ≥ 1, received ${JSON.stringify(value)}`);
        a.workers = n;
      } else if (arg === '--timeout') {
        const s = Number(value);
        if (!(s > 0) || !Number.isFinite(s)) throw new SweepUsageError(`--timeout expects a positive number of seconds, received ${JSON.stringify(value)}`);
        a.timeout = s;
      }
    } else if (arg === '--test') a.test = true;
    else if (arg === '--json') a.json = true;
    else if (arg === '--detach') a.detach = true;
    else if (arg === '--quiet') a.quiet = true;
    else if (arg.startsWith('--')) throw new SweepUsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (positional.length !== 1) throw new SweepUsageError('sweep expects one notebook file');
  if (a.detach && !a.queue) throw new SweepUsageError('--detach needs --queue redis://host:port');
  if (a.queue && a.workers !== null) throw new SweepUsageError('--workers is for local sweeps; with --queue, start `gradbook worker` processes');
  if (a.queue) redisConnection(a.queue);
  a.file = positional[0]!;
  return a;
}

function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '…';
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const num = (x: number): string => (Number.isFinite(x) ? Number(x.toPrecision(3)).toString() : '–');

/** The summary as lines for people (internal). */
export function summaryLines(summary: SweepSummary): string[] {
  return summary.points.map((p) => {
    const where = Object.entries(p.values).map(([k, v]) => `${k}=${show(v)}`).join(' ') || 'all runs';
    const claims = Object.entries(p.claims).map(([c, q]) => `${c} held ${q.k}/${q.n} [${num(q.low)}, ${num(q.high)}]`);
    const metrics = Object.entries(p.metrics).map(([m, s]) => `${m} ${num(s.mean)} ± ${num(s.sd)}`);
    return `${where}: ${[...claims, ...metrics, p.failed > 0 ? `${p.failed} of ${p.runs} failed` : `${p.runs} runs`].join('; ')}`;
  });
}

/**
 * `gradbook sweep …`: parses its arguments, runs the sweep with a progress bar and prints the
 * summary (or, with `--json`, one JSON object).
 *
 * @returns the exit code: 0 when every run ran and every claim held, 1 otherwise, 2 on a usage error.
 */
export async function sweepMain(argv: readonly string[], io: CliIo): Promise<number> {
  let args: SweepArgs;
  try {
    if (argv.includes('--help')) {
      io.stdout(SWEEP_USAGE);
      return 0;
    }
    args = parse(argv);
  } catch (error) {
    if (error instanceof SweepUsageError || error instanceof GridError || error instanceof RedisUrlError) {
      io.stderr(`gradbook sweep: ${error.message}\n\n${SWEEP_USAGE}`);
      return 2;
    }
    throw error;
  }
  const base = path.basename(args.file).replace(/\.(q?md)$/i, '');
  const out = args.out ?? `sweep-${base}`;
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  let bar: cliProgress.SingleBar | null = null;
  const lines = !args.quiet && !args.json;
  const onProgress = (p: SweepProgress) => {
    if (!lines) return;
    const payload = { failed: p.failed, eta: duration(p.etaMs), resumed: p.resumed > 0 ? ` (${p.resumed} from before)` : '' };
    if (!bar) {
      bar = new cliProgress.SingleBar(
        {
          stream: (io.isTTY && io.terminal) || ({ write: (s: string) => (io.stderr(s), true), isTTY: false } as never),
          format: ' sweep |{bar}| {value}/{total} runs{resumed}, {failed} failed, {eta} left',
          noTTYOutput: !(io.isTTY && io.terminal),
          notTTYSchedule: 5000,
          hideCursor: false,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(p.total, p.done, payload);
    } else bar.update(p.done, payload);
  };
  try {
    const common = {
      file: args.file,
      axes: args.axes,
      seeds: args.seeds ?? undefined,
      out,
      workers: args.workers ?? undefined,
      test: args.test,
      backend: args.backend,
      collect: args.collect,
      timeout: args.timeout,
      signal: controller.signal,
      onProgress,
    };
    let result: SweepResult;
    if (args.queue) {
      const { queueSweep } = await import('./queue/queue-sweep.js');
      const status = (message: string) => io.stderr(`gradbook sweep: ${message}\n`);
      const queued = await queueSweep({ ...common, queue: args.queue, queueName: args.queueName, detach: args.detach, onStatus: status });
      if (args.detach) {
        (bar as cliProgress.SingleBar | null)?.stop();
        io.stdout(`${queued.enqueued} runs enqueued on ${redisConnection(args.queue).display} (${queued.records.length} already recorded); run the same command without --detach to collect them\n`);
        return 0;
      }
      result = queued;
    } else result = await sweep(common);
    (bar as cliProgress.SingleBar | null)?.stop();
    if (args.json) io.stdout(JSON.stringify({ ...result.summary, interrupted: result.interrupted, resumed: result.resumed, files: result.files }) + '\n');
    else {
      for (const line of summaryLines(result.summary)) io.stdout(`${line}\n`);
      io.stdout(`${result.summary.runs} runs, ${result.summary.failed} failed${result.interrupted ? ' (interrupted: start the same command again to finish)' : ''}; table ${path.relative(process.cwd(), result.files.csv)}, report ${path.relative(process.cwd(), result.files.report)}\n`);
    }
    return result.summary.failed > 0 || result.interrupted ? 1 : 0;
  } catch (error) {
    (bar as cliProgress.SingleBar | null)?.stop();
    if (error instanceof GridError) {
      io.stderr(`gradbook sweep: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
  }
}

/**
 * `gradbook worker redis://host:6379 [--workers N] [--queue-name name] [--lock-seconds s]`: takes
 * sweep runs from the queue until Ctrl+C or SIGTERM (runs under way finish first).
 */
export async function workerMain(argv: readonly string[], io: CliIo): Promise<number> {
  let url: string | null = null;
  let concurrency = 1;
  let queueName: string | undefined;
  let lockSeconds: number | undefined;
  try {
    if (argv.includes('--help')) {
      io.stdout(SWEEP_USAGE);
      return 0;
    }
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i]!;
      const value = () => {
        const v = argv[++i];
        if (v === undefined) throw new SweepUsageError(`${arg} needs a value`);
        return v;
      };
      if (arg === '--workers') {
        const v = value();
        concurrency = Number(v);
        if (!Number.isInteger(concurrency) || concurrency < 1) throw new SweepUsageError(`--workers expects a whole number ≥ 1, received ${JSON.stringify(v)}`);
      } else if (arg === '--queue-name') queueName = value();
      else if (arg === '--lock-seconds') {
        const v = value();
        lockSeconds = Number(v);
        if (!(lockSeconds > 0)) throw new SweepUsageError(`--lock-seconds expects a positive number, received ${JSON.stringify(v)}`);
      } else if (arg.startsWith('--')) throw new SweepUsageError(`unknown option ${arg}`);
      else if (url === null) url = arg;
      else throw new SweepUsageError('worker expects one Redis address');
    }
    if (url === null) throw new SweepUsageError('worker expects a Redis address: gradbook worker redis://host:6379');
    redisConnection(url);
  } catch (error) {
    if (error instanceof SweepUsageError || error instanceof RedisUrlError) {
      io.stderr(`gradbook worker: ${error.message}\n\n${SWEEP_USAGE}`);
      return 2;
    }
    throw error;
  }
  const { runQueueWorker } = await import('./queue/queue-worker.js');
  const controller = new AbortController();
  const stop = () => {
    io.stderr('gradbook worker: finishing the runs under way, then stopping\n');
    controller.abort();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await runQueueWorker({
      url,
      queueName,
      concurrency,
      lockSeconds,
      signal: controller.signal,
      onStatus: (m) => io.stderr(`gradbook worker: ${m}\n`),
      onRun: (r) => io.stdout(`${r.status === 'ok' ? 'ok  ' : 'FAIL'} ${Object.entries(r.values).map(([k, v]) => `${k}=${show(v)}`).join(' ')} seed ${r.seed} (${r.wallMs} ms)${r.error ? `: ${r.error}` : ''}\n`),
    });
    return 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
