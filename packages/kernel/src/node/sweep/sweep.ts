import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import type { BackendName } from '@gradbook/core';
import { compile } from '../../compile.js';
import { gridPoints, GridError, type GridAxis, type GridPoint } from '../../sweep/grid.js';
import { ResultsFolder, RUNS_FILE } from './results-folder.js';
import type { RunJob, RunRecord } from './run-point.js';
import { summariseSweep, sweepTable, type SweepSummary } from '../../sweep/sweep-table.js';
import { sweepReport } from './sweep-report.js';
import { runPool } from './worker-pool.js';

/** Progress of a sweep, reported as runs finish. */
export interface SweepProgress {
  /** Runs of this sweep with a row (including those found from an earlier, interrupted sweep). */
  readonly done: number;
  readonly failed: number;
  readonly total: number;
  /** Rows found in the results folder at the start. */
  readonly resumed: number;
  /** Milliseconds since the sweep started. */
  readonly elapsedMs: number;
  /** Estimated milliseconds left (NaN until a run of this sweep has finished). */
  readonly etaMs: number;
}

/** Options of {@link sweep}. */
export interface SweepOptions {
  /** The notebook file. */
  readonly file: string;
  /** The grid (cells to override and their values); may be empty. */
  readonly axes: readonly GridAxis[];
  /** Seeds: each grid point runs once per seed, with the notebook's `seed` set to it (default the front matter's). */
  readonly seeds?: readonly number[];
  /** The results folder (created; a sweep started again there skips the runs it already has). */
  readonly out: string;
  /** Worker processes (default one per core). */
  readonly workers?: number;
  /** Apply the notebook's front-matter `test:` overrides first (default false). */
  readonly test?: boolean;
  readonly backend?: BackendName;
  /** Cells to keep in each row whatever their type; numeric ones are also the summary's metrics. */
  readonly collect?: readonly string[];
  /** Seconds before a run's unfinished cells count as errors (default 600). */
  readonly timeout?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: SweepProgress) => void;
}

/** What a sweep made. */
export interface SweepResult {
  /** One row per run, in the grid's order (see {@link sweepTable}). */
  readonly table: ColumnTable;
  readonly records: readonly RunRecord[];
  readonly summary: SweepSummary;
  /** Runs found already done in the results folder and not made again. */
  readonly resumed: number;
  /** Whether the signal stopped the sweep before every run had a row. */
  readonly interrupted: boolean;
  /** The files written. */
  readonly files: { readonly csv: string; readonly jsonl: string; readonly arrow: string; readonly summary: string; readonly report: string };
}

function canonical(values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(values).sort().map((k) => [k, values[k]]));
}

/** A run's id: the same notebook bytes, settings, point and seed give the same id (internal). */
function runId(notebookHash: string, settings: object, point: GridPoint): string {
  const text = JSON.stringify({ notebook: notebookHash, settings, values: canonical(point.values), seed: point.seed });
  return createHash('sha256').update(text).digest('hex').slice(0, 20);
}

/** A sweep made ready to run: its jobs, and the results folder holding the rows so far. */
export interface PreparedSweep {
  readonly file: string;
  readonly title: string;
  /** The notebook's bytes, for workers on other machines. */
  readonly text: string;
  readonly seeds: readonly number[];
  readonly jobs: readonly RunJob[];
  /** The jobs the folder has no row for yet. */
  readonly todo: readonly RunJob[];
  readonly folder: ResultsFolder;
  readonly options: SweepOptions;
}

/**
 * Checks a sweep's grid against its notebook, makes its jobs and opens its results folder (internal:
 * shared by the local pool and the Redis queue).
 */
export async function prepareSweep(options: SweepOptions): Promise<PreparedSweep> {
  const file = path.resolve(options.file);
  const bytes = await readFile(file);
  const text = bytes.toString('utf8');
  const definition = compile(text);
  const names = new Set(definition.cells.map((c) => c.name).filter((n): n is string => n !== null));
  for (const axis of options.axes) {
    if (!names.has(axis.name)) throw new GridError(`--grid ${axis.name}: the notebook has no cell named ${axis.name}; it defines ${[...names].join(', ') || 'no named cells'}`);
  }
  for (const name of options.collect ?? []) {
    if (!names.has(name)) throw new GridError(`--collect ${name}: the notebook has no cell named ${name}`);
  }
  const notebookHash = createHash('sha256').update(bytes).digest('hex');
  const settings = { test: options.test ?? false, backend: options.backend ?? null };
  const seeds = options.seeds ?? [definition.seed];
  const points = gridPoints(options.axes, seeds);
  const timeoutMs = (options.timeout ?? 600) * 1000;
  const jobs: RunJob[] = points.map((p) => ({
    id: runId(notebookHash, settings, p),
    file,
    values: p.values,
    seed: p.seed,
    test: settings.test,
    backend: options.backend,
    collect: options.collect ?? [],
    timeoutMs,
  }));
  const folder = await ResultsFolder.open(options.out);
  await folder.write('sweep.json', JSON.stringify({ notebook: file, notebookHash, grid: options.axes, seeds, ...settings, collect: options.collect ?? [] }, null, 2) + '\n');
  const todo = jobs.filter((j) => !folder.has(j.id));
  return { file, title: definition.title, text, seeds, jobs, todo, folder, options };
}

/** Records rows as they land, keeps the CSV current and reports progress (internal). */
export function sweepRecorder(prepared: PreparedSweep): { add(record: RunRecord): Promise<void>; report(): void } {
  const { jobs, folder, options } = prepared;
  const started = performance.now();
  const resumed = jobs.length - prepared.todo.length;
  let done = resumed;
  let failed = jobs.filter((j) => folder.get(j.id)?.status === 'failed').length;
  let finishedHere = 0;
  let lastCsv = 0;
  const report = () =>
    options.onProgress?.({
      done,
      failed,
      total: jobs.length,
      resumed,
      elapsedMs: performance.now() - started,
      etaMs: finishedHere === 0 ? NaN : ((performance.now() - started) / finishedHere) * (jobs.length - done),
    });
  return {
    report,
    async add(record) {
      if (!(await folder.add(record))) return;
      done++;
      finishedHere++;
      if (record.status === 'failed') failed++;
      // The CSV follows the record as runs land, at most once a second (the JSON lines are the record).
      if (performance.now() - lastCsv > 1000) {
        lastCsv = performance.now();
        await folder.write('runs.csv', aq.toCSV(sweepTable(options.axes, orderedRecords(prepared))));
      }
      report();
    },
  };
}

function orderedRecords(prepared: PreparedSweep): RunRecord[] {
  return prepared.jobs.map((j) => prepared.folder.get(j.id)).filter((r): r is RunRecord => r !== undefined);
}

/** Writes the table, the summary and the report of the rows recorded so far (internal). */
export async function finishSweep(prepared: PreparedSweep): Promise<SweepResult> {
  const { folder, options, jobs, seeds } = prepared;
  const records = orderedRecords(prepared);
  const table = sweepTable(options.axes, records);
  const numericCollect = (options.collect ?? []).filter((c) => records.some((r) => typeof r.scalars[c] === 'number'));
  const summary = summariseSweep(options.axes, records, numericCollect.length > 0 ? numericCollect : undefined);
  const csv = await folder.write('runs.csv', aq.toCSV(table));
  const arrow = await folder.write('runs.arrow', aq.toArrowIPC(table));
  const summaryFile = await folder.write('summary.json', JSON.stringify(summary, null, 2) + '\n');
  const report = await folder.write('report.html', await sweepReport({ title: prepared.title, file: prepared.file, axes: options.axes, seeds, summary, table }));
  return {
    table,
    records,
    summary,
    resumed: jobs.length - prepared.todo.length,
    interrupted: records.length < jobs.length,
    files: { jsonl: path.join(folder.dir, RUNS_FILE), csv, arrow, summary: summaryFile, report },
  };
}

/**
 * Runs a notebook once per point of a grid and per seed, on a pool of worker processes, writing
 * each run's row to the results folder as it finishes; then writes the table (CSV, JSON lines,
 * Arrow), the summary (JSON) and an HTML report.
 *
 * @param options - the notebook, grid, seeds, results folder and pool size.
 * @returns the table, the summary and the files written.
 * @throws GridError when an axis names no cell of the notebook.
 * @example
 * const { summary } = await sweep({ file: 'gd.md', axes: [parseGridAxis('lr=0.01,0.1')], seeds: parseSeeds('0..9'), out: 'sweep-gd' });
 */
export async function sweep(options: SweepOptions): Promise<SweepResult> {
  const prepared = await prepareSweep(options);
  const recorder = sweepRecorder(prepared);
  recorder.report();
  await runPool(prepared.todo, { workers: options.workers ?? availableParallelism(), signal: options.signal, onRecord: recorder.add });
  return finishSweep(prepared);
}
