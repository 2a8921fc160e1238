import { readFile } from 'node:fs/promises';
import type { BackendName } from '@gradbook/core';
import { compile } from '../../compile.js';
import { run } from '../../run.js';
import { summarise } from '../../summarise.js';
import type { RunRecord } from '../../sweep/run-record.js';

export type { RunRecord } from '../../sweep/run-record.js';

/** What a sweep asks one run to do. */
export interface RunJob {
  /** The run's id: a hash of the notebook's bytes, the settings, the grid point and the seed. */
  readonly id: string;
  /** The notebook file (absolute). */
  readonly file: string;
  /** The grid point: cell overrides, as `--set` gives them. */
  readonly values: Readonly<Record<string, unknown>>;
  /** The notebook's seed for this run, in place of its front matter's. */
  readonly seed: number;
  /** Apply the front matter's `test:` overrides first. */
  readonly test: boolean;
  readonly backend?: BackendName | undefined;
  /** Cells whose values are kept in the row whatever their type (summarised as JSON). */
  readonly collect: readonly string[];
  /** Milliseconds before the run's unfinished cells count as errors. */
  readonly timeoutMs: number;
}


const ASSERT_CALL = /\bassert\s*\(/;

/**
 * Runs a notebook once for a sweep and reduces the run to its row. Runs in a worker process of the
 * sweep's pool; errors of cells are the row's, never thrown.
 *
 * @param job - the run.
 * @returns its row.
 */
export async function runPoint(job: RunJob): Promise<RunRecord> {
  const started = performance.now();
  const definition = compile(await readFile(job.file, 'utf8'));
  const overrides = { ...(job.test ? definition.test : {}), ...job.values };
  const notebook = await run({ ...definition, seed: job.seed }, { overrides, backend: job.backend, cache: null });
  try {
    const done = await notebook.settled({ timeout: job.timeoutMs });
    const { cells, errors } = notebook.result();
    const allErrors: Record<string, string> = { ...errors };
    if (!done) for (const name of notebook.unfinished) allErrors[name] = `still running after ${job.timeoutMs / 1000} s`;
    const scalars: Record<string, number | string | boolean> = {};
    for (const [name, value] of Object.entries(cells)) {
      if (name in job.values || name.startsWith('viewof ') || name.startsWith('mutable ')) continue;
      if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') scalars[name] = value;
    }
    const claims: Record<string, boolean> = {};
    for (const cell of definition.cells) {
      if (!ASSERT_CALL.test(cell.source)) continue;
      const key = cell.name ?? `cell ${cell.index + 1}`;
      claims[key] = key in cells && !(key in allErrors);
      delete scalars[key];
    }
    const inputs = definition.cells.filter((c) => c.kind === 'viewof' && c.name !== null && c.name in scalars).map((c) => c.name!);
    const collected: Record<string, unknown> = {};
    for (const name of job.collect) collected[name] = name in cells ? summarise(cells[name]) : null;
    const messages = Object.entries(allErrors).map(([name, message]) => `${name}: ${message}`);
    return {
      id: job.id,
      values: job.values,
      seed: job.seed,
      status: messages.length === 0 ? 'ok' : 'failed',
      error: messages.length === 0 ? null : messages.join('; '),
      scalars,
      inputs,
      claims,
      collected,
      wallMs: Math.round(performance.now() - started),
    };
  } finally {
    notebook.dispose();
  }
}

/** The row of a run that could not run at all (the notebook does not compile, the process died). */
export function failedRecord(job: Pick<RunJob, 'id' | 'values' | 'seed'>, error: string, wallMs: number, crashed = false): RunRecord {
  const record: RunRecord = { id: job.id, values: job.values, seed: job.seed, status: 'failed', error, scalars: {}, inputs: [], claims: {}, collected: {}, wallMs: Math.round(wallMs) };
  return crashed ? { ...record, crashed: true } : record;
}
