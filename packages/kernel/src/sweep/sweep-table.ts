import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import type { GridAxis } from './grid.js';
import type { RunRecord } from './run-record.js';
import { spread, wilsonInterval, type Proportion, type Spread } from './statistics.js';

/**
 * The sweep's runs as one table: a column per grid axis, `seed`, `status`, `error`, `wall_ms`,
 * `held:<claim>` per assert cell, then every scalar cell and every collected cell (as JSON).
 *
 * @param axes - the grid's axes (their columns come first, in order).
 * @param records - the rows, in the grid's order.
 */
export function sweepTable(axes: readonly GridAxis[], records: readonly RunRecord[]): ColumnTable {
  const claimNames = unique(records.flatMap((r) => Object.keys(r.claims)));
  const scalarNames = unique(records.flatMap((r) => Object.keys(r.scalars)));
  const collectNames = unique(records.flatMap((r) => Object.keys(r.collected)));
  const rows = records.map((r) => {
    const row: Record<string, unknown> = {};
    for (const a of axes) row[a.name] = cellValue(r.values[a.name]);
    row.seed = r.seed;
    row.status = r.status;
    row.error = r.error;
    row.wall_ms = r.wallMs;
    for (const c of claimNames) row[`held:${c}`] = c in r.claims ? r.claims[c] : null;
    for (const s of scalarNames) if (!(s in row)) row[s] = r.scalars[s] ?? null;
    for (const c of collectNames) if (!(c in row)) row[c] = c in r.collected ? JSON.stringify(r.collected[c]) : null;
    row.id = r.id;
    return row;
  });
  if (rows.length === 0) return aq.table({ seed: [], status: [], error: [], wall_ms: [], id: [] });
  return aq.from(rows);
}

function defaultMetrics(records: readonly RunRecord[]): string[] {
  const inputs = new Set(records.flatMap((r) => r.inputs ?? []));
  const numeric = unique(records.flatMap((r) => Object.entries(r.scalars).filter(([k, v]) => typeof v === 'number' && !inputs.has(k)).map(([k]) => k)));
  return numeric.filter((m) => new Set(records.map((r) => r.scalars[m])).size > 1);
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

/** A grid value as a table cell: numbers, strings and booleans as they are, anything else as JSON. */
function cellValue(v: unknown): unknown {
  return typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : JSON.stringify(v);
}

/** One grid point of a sweep's summary. */
export interface PointSummary {
  readonly values: Readonly<Record<string, unknown>>;
  /** Runs recorded at this point (one per seed). */
  readonly runs: number;
  /** Runs that failed (a cell errored or a claim did not hold). */
  readonly failed: number;
  /** Per claim: in how many of the runs it held, with a 95 % Wilson interval. */
  readonly claims: Readonly<Record<string, Proportion>>;
  /** Per metric: mean, sample standard deviation, min and max over the runs that have it. */
  readonly metrics: Readonly<Record<string, Spread>>;
}

/** A sweep's summary: every grid point, with its claims and metrics. */
export interface SweepSummary {
  readonly runs: number;
  readonly failed: number;
  readonly points: readonly PointSummary[];
}

/**
 * Summarises a sweep for people: per grid point, the fraction of seeds where each claim held (a
 * run in which the claim's cell errored or never ran counts as not held) and the spread of each
 * metric.
 *
 * @param axes - the grid's axes.
 * @param records - the rows.
 * @param metrics - the numeric cells to summarise (default every numeric cell that is not an input
 *   and whose value differs between runs: a constant says nothing about the grid).
 */
export function summariseSweep(axes: readonly GridAxis[], records: readonly RunRecord[], metrics?: readonly string[]): SweepSummary {
  const claimNames = unique(records.flatMap((r) => Object.keys(r.claims)));
  const metricNames = metrics ?? defaultMetrics(records);
  const groups = new Map<string, { values: Record<string, unknown>; records: RunRecord[] }>();
  for (const r of records) {
    const values = Object.fromEntries(axes.map((a) => [a.name, r.values[a.name]]));
    const key = JSON.stringify(axes.map((a) => r.values[a.name]));
    const g = groups.get(key) ?? { values, records: [] };
    g.records.push(r);
    groups.set(key, g);
  }
  const points = [...groups.values()].map(({ values, records: rs }) => ({
    values,
    runs: rs.length,
    failed: rs.filter((r) => r.status === 'failed').length,
    claims: Object.fromEntries(claimNames.map((c) => [c, wilsonInterval(rs.filter((r) => r.claims[c] === true).length, rs.length)])),
    metrics: Object.fromEntries(metricNames.map((m) => [m, spread(rs.map((r) => r.scalars[m] ?? r.collected[m]))])),
  }));
  return { runs: records.length, failed: records.filter((r) => r.status === 'failed').length, points };
}
