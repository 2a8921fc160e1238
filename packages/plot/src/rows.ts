import { PlotError } from './plot-error.js';

/**
 * One record of a table: a plain object of column values (`object`, so that rows typed by an
 * interface such as a training event fit too).
 */
export type Row = object;

/** A row as the builders read it (internal). */
export type RowRecord = Readonly<Record<string, unknown>>;

/**
 * Tabular input accepted by the builders: an array of row objects, or anything with an
 * `objects()` method returning one (an arquero table, duck-typed; plot does not import arquero).
 */
export type RowsInput = readonly Row[] | { objects(): readonly Row[] };

/** True when `value` looks like {@link RowsInput}. */
export function isRowsInput(value: unknown): value is RowsInput {
  if (Array.isArray(value)) return true;
  return typeof value === 'object' && value !== null && typeof (value as { objects?: unknown }).objects === 'function';
}

/**
 * Normalizes {@link RowsInput} to an array of row objects; throws a {@link PlotError} naming
 * `where` and `argument` when it is neither an array nor table-like, or holds no rows.
 */
export function toRows(where: string, argument: string, input: unknown): readonly RowRecord[] {
  let rows: unknown;
  if (Array.isArray(input)) rows = input;
  else if (isRowsInput(input)) rows = (input as { objects(): unknown }).objects();
  else {
    throw new PlotError(where, `${argument} must be an array of row objects or a table with objects(), received ${describe(input)}`);
  }
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new PlotError(where, `${argument} has no rows; pass at least one row object`);
  }
  rows.forEach((row, i) => {
    if (typeof row !== 'object' || row === null) {
      throw new PlotError(where, `${argument}[${i}] must be a row object, received ${describe(row)}`);
    }
  });
  return rows as readonly RowRecord[];
}

/**
 * True when `input` is an empty array, a table with no rows, or runs that all have no rows: in a
 * reactive notebook that is "nothing to draw yet" (a run that has not logged a step), not an error.
 */
export function hasNoRows(input: unknown): boolean {
  const rowsOf = (v: unknown): unknown => (Array.isArray(v) ? v : isRowsInput(v) ? (v as { objects(): unknown }).objects() : undefined);
  const rows = rowsOf(input);
  if (Array.isArray(rows)) {
    if (rows.length === 0) return true;
    // An array of runs `{ name, rows }` with no rows in any of them.
    return rows.every((r) => r !== null && typeof r === 'object' && 'name' in r && 'rows' in r && hasNoRows((r as { rows: unknown }).rows));
  }
  if (input !== null && typeof input === 'object') {
    const runs = Object.values(input as Record<string, unknown>);
    return runs.length > 0 && runs.every((r) => isRowsInput(r) && hasNoRows(r));
  }
  return false;
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return `an object with keys [${Object.keys(value).slice(0, 6).join(', ')}]`;
  return typeof value;
}
