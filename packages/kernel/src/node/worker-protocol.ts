import type { Claim } from '../assertion-outcome.js';

// The messages between `gradbook run`/`test` and the worker thread that runs one notebook
// (notebook-worker.ts). Everything in them is plain data: cell values travel as their summaries.

/** What the worker is asked to run (its `workerData`). */
export interface WorkerTask {
  readonly file: string;
  readonly overrides: Record<string, unknown>;
  readonly backend: string | undefined;
  readonly test: boolean;
  /** The disk cache's folder, or null for none. */
  readonly cacheDir: string | null;
  /** Tell of cache entries that do not verify (`--verbose`). */
  readonly verbose: boolean;
  /** Milliseconds to wait for the notebook to settle, or undefined for no limit. */
  readonly timeout: number | undefined;
  /** Write the HTML report into this folder. */
  readonly out: string | undefined;
}

/** One cell as the worker last saw it. */
export interface CellReport {
  readonly key: string;
  readonly index: number;
  readonly name: string | null;
  /** Computing (`pending`), or with a value or an error. */
  readonly status: 'pending' | 'fulfilled' | 'rejected';
  /** A streaming cell still producing values. */
  readonly running: boolean;
  readonly error?: string;
  /** The value's summary (as `--json` prints it), when it changed. */
  readonly summary?: unknown;
  readonly hasSummary?: boolean;
  /** An `assert` cell's claim and whether it held, once it finished. */
  readonly claim?: Claim;
}

/** Worker to parent. */
export type WorkerMessage =
  | { type: 'started'; title: string; cells: { key: string; index: number; name: string | null }[] }
  | { type: 'cell'; cell: CellReport }
  | { type: 'progress'; key: string; index: number; name: string | null; step: number; loss: number; total: number | undefined }
  | { type: 'stray'; cellIndex: number | null; message: string }
  | { type: 'log'; text: string }
  | { type: 'settling' }
  | { type: 'done'; cells: Record<string, unknown>; errors: Record<string, string>; asserts: Claim[]; unfinished: string[]; report: string | undefined }
  | { type: 'failed'; message: string };
