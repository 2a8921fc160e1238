import { PlotError } from './plot-error.js';
import { describe, hasNoRows, isRowsInput, toRows, type RowRecord, type RowsInput } from './rows.js';

/** One named training run: its log rows (e.g. the `{ step, loss, … }` events of a run). */
export interface Run {
  readonly name: string;
  readonly rows: RowsInput;
}

/**
 * Curve input: one table of rows (several runs told apart by a column, `run` by default),
 * an array of {@link Run}s, or an object mapping run names to rows (`{ sgd: rowsA, adam: rowsB }`).
 */
export type RunsInput = RowsInput | readonly Run[] | Readonly<Record<string, RowsInput>>;

/** A normalized series (internal). */
export interface Series {
  readonly name: string | undefined;
  readonly rows: readonly RowRecord[];
}

/** Splits any {@link RunsInput} into named series of rows (internal). */
export function toSeries(where: string, input: unknown, colorField: string): Series[] {
  // A run that has logged nothing yet is left out (while others have; with none, builders draw an empty frame).
  if (Array.isArray(input) && input.length > 0 && input.every(isRun)) {
    return input.flatMap((run: Run, k) => (hasNoRows(run.rows) ? [] : [{ name: String(run.name), rows: toRows(where, `runs[${k}].rows`, run.rows) }]));
  }
  if (!isRowsInput(input) && typeof input === 'object' && input !== null) {
    const entries = Object.entries(input as Record<string, unknown>);
    if (entries.length === 0) throw new PlotError(where, 'runs object has no runs; pass { name: rows, … } or an array of rows');
    return entries.flatMap(([name, rows]) => (isRowsInput(rows) && hasNoRows(rows) ? [] : [{ name, rows: toRows(where, `runs.${name}`, rows) }]));
  }
  const rows = toRows(where, 'rows', input);
  if (!rows.some((r) => r[colorField] !== undefined && r[colorField] !== null)) return [{ name: undefined, rows }];
  const groups = new Map<string, RowRecord[]>();
  for (const r of rows) {
    const key = String(r[colorField] ?? '');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(r);
  }
  return [...groups].map(([name, rs]) => ({ name, rows: rs }));
}

/** One point of a curve (internal). */
export interface CurvePoint {
  x: number;
  y: number;
}

/**
 * Reads field `x` and `y` of each row as finite numbers, skipping rows where `y` is missing
 * (`undefined`/`null`, e.g. a metric logged every 10th step) and sorting by `x`.
 */
export function curvePoints(where: string, series: Series, x: string, y: string): CurvePoint[] {
  const label = series.name === undefined ? 'rows' : `run ${JSON.stringify(series.name)}`;
  const out: CurvePoint[] = [];
  series.rows.forEach((row, i) => {
    const yv = row[y];
    if (yv === undefined || yv === null) return;
    const xv = row[x];
    if (typeof xv !== 'number' || !Number.isFinite(xv)) {
      throw new PlotError(where, `${label}, row ${i}: "${x}" is ${describe(xv)}, expected a finite number; pass { x: '<column>' } to use another column (row keys: ${Object.keys(row).join(', ')})`);
    }
    if (typeof yv !== 'number' || !Number.isFinite(yv)) {
      throw new PlotError(where, `${label}, row ${i}: "${y}" is ${describe(yv)}, expected a finite number; drop or fix non-finite rows before plotting (a diverged run's last rows)`);
    }
    out.push({ x: xv, y: yv });
  });
  out.sort((p, q) => p.x - q.x);
  return out;
}

function isRun(value: unknown): value is Run {
  return typeof value === 'object' && value !== null && 'name' in value && 'rows' in value && isRowsInput((value as Run).rows);
}
