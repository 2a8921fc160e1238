import type { StrayError } from './stray-errors.js';

/**
 * A headless run's errors by cell: the cells' own, then each cell still running at the timeout,
 * then each stray asynchronous error, as an error of the cell it came from (of `notebook` when no
 * cell can be named). A cell keeps its first error (internal).
 *
 * @param cells - the notebook's cells (index and name).
 * @param errors - the cells' own errors, by key.
 * @param unfinished - the keys of cells still computing or streaming when the run was stopped.
 * @param timeoutMs - the timeout that stopped them.
 * @param strays - the stray errors caught.
 * @returns the errors, by key.
 */
export function mergeErrors(
  cells: readonly { index: number; name: string | null }[],
  errors: Readonly<Record<string, string>>,
  unfinished: readonly string[],
  timeoutMs: number | undefined,
  strays: readonly StrayError[],
): Record<string, string> {
  const out: Record<string, string> = { ...errors };
  for (const key of unfinished) out[key] = `still running after ${(timeoutMs ?? 0) / 1000} s`;
  for (const stray of strays) {
    const cell = cells.find((c) => c.index === stray.cellIndex);
    const key = strayKey(cells, stray);
    if (key in out) continue;
    out[key] = cell ? `${stray.message} (uncaught, from a callback or promise of this cell)` : `an uncaught error from no known cell: ${stray.message}`;
  }
  return out;
}

/** The cell (its key) a stray error is an error of, or `notebook` (internal). */
export function strayKey(cells: readonly { index: number; name: string | null }[], stray: StrayError): string {
  const cell = cells.find((c) => c.index === stray.cellIndex);
  return cell ? (cell.name ?? `cell ${cell.index + 1}`) : 'notebook';
}

/** The values of cells with no error: a cell whose stray error came after its value is an error, not a value (internal). */
export function withoutStrays(values: Record<string, unknown>, cells: readonly { index: number; name: string | null }[], strays: readonly StrayError[]): Record<string, unknown> {
  const out = { ...values };
  for (const stray of strays) delete out[strayKey(cells, stray)];
  return out;
}
