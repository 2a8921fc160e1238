import type { ColumnTable } from 'arquero';
import { gridPoints, GridError, type GridAxis } from './grid.js';
import type { RunRecord } from './run-record.js';
import { summariseSweep, sweepTable, type SweepSummary } from './sweep-table.js';

/** What a function given to {@link sweep} returns for one run. */
export type SweepOutcome = number | boolean | string | Readonly<Record<string, unknown>>;

/** Options of {@link sweep}. */
export interface FunctionSweepOptions {
  /** The grid: each name with the values it takes (default none: the seeds alone). */
  readonly grid?: Readonly<Record<string, readonly unknown[]>>;
  /** The seeds, each run once per grid point (default `[0]`). */
  readonly seeds?: readonly number[];
  /** Stops the sweep between runs (pass a cell's `signal`, so a moved slider stops a stale sweep). */
  readonly signal?: AbortSignal;
}

/** The state of a sweep as it goes: what {@link sweep} yields after each run. */
export interface SweepState {
  /** One row per finished run (see `sweepTable`). */
  readonly table: ColumnTable;
  /** Per grid point: how often each claim held (95 % Wilson interval) and each metric's spread. */
  readonly summary: SweepSummary;
  readonly done: number;
  readonly total: number;
}

/** The outcome as scalars and claims: booleans are claims, numbers and strings are values (internal). */
function split(outcome: SweepOutcome, name: string): { scalars: Record<string, number | string | boolean>; claims: Record<string, boolean>; collected: Record<string, unknown> } {
  const scalars: Record<string, number | string | boolean> = {};
  const claims: Record<string, boolean> = {};
  const collected: Record<string, unknown> = {};
  const entries = outcome !== null && typeof outcome === 'object' ? Object.entries(outcome) : [[name, outcome] as [string, unknown]];
  for (const [k, v] of entries) {
    if (typeof v === 'boolean') claims[k] = v;
    else if (typeof v === 'number' || typeof v === 'string') scalars[k] = v;
    else collected[k] = v;
  }
  return { scalars, claims, collected };
}

/**
 * Runs a function once per point of a grid and per seed, and yields the table and summary after
 * each run, so a cell shows "this claim held in 9 of 10 seeds" as the sweep goes. The function
 * gets the point's values and `seed`; it returns a number (a metric), a boolean (a claim), or an
 * object of them (`{ accuracy, fits: accuracy > 0.9 }`); a throw is that run's error. Runs happen
 * one after another in the cell's thread, yielding to the page between runs; for a whole notebook
 * over a grid, in parallel processes, use `gradbook sweep`.
 *
 * @param fn - one run: `({ ...values, seed }) => outcome` (may be async).
 * @param options - `grid` (default none), `seeds` (default [0]), `signal`.
 * @returns an async generator of {@link SweepState}, the last one complete.
 * @example
 * ```js
 * claims = gb.sweep(async ({ lr, seed }) => {
 *   const loss = await trainOnce(lr, seed);
 *   return { loss, converged: loss < 0.1 };
 * }, { grid: { lr: [0.01, 0.1] }, seeds: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], signal })
 * ```
 */
export async function* sweep(fn: (point: Record<string, unknown>) => SweepOutcome | Promise<SweepOutcome>, options: FunctionSweepOptions = {}): AsyncGenerator<SweepState, void, unknown> {
  if (typeof fn !== 'function') throw new GridError(`sweep(fn): expected a function of ({ …values, seed }), received ${typeof fn}`);
  const axes: GridAxis[] = Object.entries(options.grid ?? {}).map(([name, values]) => {
    if (!Array.isArray(values) || values.length === 0) throw new GridError(`sweep(grid.${name}): expected a non-empty array of values, received ${JSON.stringify(values)}`);
    if (name === 'seed') throw new GridError('sweep(grid.seed): give seeds as options.seeds');
    return { name, values };
  });
  const seeds = options.seeds ?? [0];
  for (const s of seeds) if (!Number.isSafeInteger(s)) throw new GridError(`sweep(seeds): seeds are whole numbers, received ${JSON.stringify(s)}`);
  const points = gridPoints(axes, seeds);
  const records: RunRecord[] = [];
  const state = (): SweepState => ({ table: sweepTable(axes, records), summary: summariseSweep(axes, records), done: records.length, total: points.length });
  for (const [i, point] of points.entries()) {
    if (options.signal?.aborted) return;
    const started = performance.now();
    let record: RunRecord;
    try {
      const outcome = await fn({ ...point.values, seed: point.seed });
      const { scalars, claims, collected } = split(outcome, 'value');
      const failed = Object.entries(claims).filter(([, held]) => !held).map(([c]) => `${c} does not hold`);
      record = { id: String(i), values: point.values, seed: point.seed, status: failed.length ? 'failed' : 'ok', error: failed.length ? failed.join('; ') : null, scalars, inputs: [], claims, collected, wallMs: Math.round(performance.now() - started) };
    } catch (error) {
      record = { id: String(i), values: point.values, seed: point.seed, status: 'failed', error: (error as Error)?.message ?? String(error), scalars: {}, inputs: [], claims: {}, collected: {}, wallMs: Math.round(performance.now() - started) };
    }
    records.push(record);
    yield state();
    // Let the page draw (and a slider move) between runs.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
