import type { CellDefinition } from './cell.js';
import type { CellError } from './cell-error.js';

/** What the kernel tells an observer of one cell, as Observable's observers. */
export interface CellObserver {
  /** The cell started computing. */
  pending?(): void;
  /** The cell has a (new) value; a streaming cell calls this once per value. */
  fulfilled?(value: unknown): void;
  /** The cell failed. */
  rejected?(error: CellError): void;
}

/** What the kernel knows about one cell while it runs. */
export interface CellState {
  /** The cell's name, or `cell N` (N from 1) for an anonymous cell. */
  readonly key: string;
  /** The compiled cell. */
  readonly cell: CellDefinition;
  /** `pending` while computing, then `fulfilled` or `rejected`. */
  readonly status: 'pending' | 'fulfilled' | 'rejected';
  /** The latest value (for `viewof x`, the input's value). */
  readonly value: unknown;
  /** The error, when rejected. */
  readonly error: CellError | null;
  /** The input element (headless or DOM) of a `viewof` cell. */
  readonly view: unknown;
  /** Whether a streaming cell (a generator, e.g. a training run) is still producing values. */
  readonly running: boolean;
  /** How many times the cell's value came from the cache. */
  readonly cacheHits: number;
  /** How many computations of this cell have started (cache hits included). */
  readonly computations: number;
}

/** A cell's state as the kernel updates it (internal). */
export interface MutableState {
  key: string;
  cell: CellDefinition;
  status: 'pending' | 'fulfilled' | 'rejected';
  value: unknown;
  error: CellError | null;
  view: unknown;
  /** How many of the cell's streams are producing values. */
  running: number;
  cacheHits: number;
  computations: number;
  /** Set when `redefineCell` replaces the cell: its variables' last events are not the cell's. */
  retired?: boolean;
}

/** The fresh state of a cell about to be defined (internal). */
export function newState(cell: CellDefinition): MutableState {
  return { key: cellKey(cell), cell, status: 'pending', value: undefined, error: null, view: undefined, running: 0, cacheHits: 0, computations: 0 };
}

/** A cell's key: its name, or `cell N` (N from 1) for an anonymous cell (internal). */
export function cellKey(cell: CellDefinition): string {
  return cell.name ?? `cell ${cell.index + 1}`;
}

/** A snapshot of a state, as the public {@link CellState} (internal). */
export function snapshot(state: MutableState): CellState {
  return { ...state, running: state.running > 0 };
}

/** Whether a cell is computing or streaming (internal). */
export function isBusy(state: MutableState): boolean {
  return state.status === 'pending' || state.running > 0;
}
