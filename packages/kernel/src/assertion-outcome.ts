import { AssertionFailed } from './assert.js';
import type { CellState } from './cell-state.js';

/** An `assert` cell's claim and whether it held. */
export interface Claim {
  /** The cell's name, or `cell N` for an anonymous cell. */
  readonly cell: string;
  /** The claim as written in the cell (`assert(condition, claim)`). */
  readonly claim: string;
  /** Whether the condition held. */
  readonly holds: boolean;
}

const DOES_NOT_HOLD = /^does not hold: /;

/**
 * The claim of an `assert` cell (one that reads `assert`): held when the cell's value is the claim,
 * not held when the cell's own assertion failed. A cell still computing, or failed for another
 * reason (a failed input, an exception), has no outcome.
 *
 * @param state - a cell's state, from `NotebookRun.cells` or `NotebookRun.cell(name)`.
 * @returns the claim and whether it held, or null.
 * @example
 * // check = assert(loss < 0.1, "the loss fell below 0.1")
 * claimOf(notebook.cell('check')); // { cell: 'check', claim: 'the loss fell below 0.1', holds: true }
 */
export function claimOf(state: CellState): Claim | null {
  if (!state.cell.inputs.includes('assert')) return null;
  if (state.status === 'fulfilled') return typeof state.value === 'string' ? { cell: state.key, claim: state.value, holds: true } : null;
  const error = state.error;
  if (state.status !== 'rejected' || !error || error.input !== undefined) return null;
  if (error.cause instanceof AssertionFailed) return { cell: state.key, claim: error.cause.claim, holds: false };
  if (DOES_NOT_HOLD.test(error.message)) return { cell: state.key, claim: error.message.replace(DOES_NOT_HOLD, ''), holds: false };
  return null;
}

/**
 * The claims of every `assert` cell, in notebook order (see {@link claimOf}).
 *
 * @param states - the cells' states, e.g. `notebook.cells`.
 * @returns one claim per assert cell that finished.
 * @example
 * for (const c of claimsOf(notebook.cells)) console.log(`${c.holds ? '✓ holds' : '✗ does not hold'}: ${c.claim}`);
 */
export function claimsOf(states: readonly CellState[]): Claim[] {
  return states.map(claimOf).filter((c): c is Claim => c !== null);
}
