// The worker thread that runs one notebook for `gradbook run` and `gradbook test`
// (run-in-worker.ts starts it). It streams each cell's state to the parent as it changes, so that
// when a cell never returns (a synchronous infinite loop) and the parent terminates the thread at
// the timeout, the other cells' results are already there. Stray asynchronous errors become errors
// of the cell they came from instead of ending the thread.
import { parentPort } from 'node:worker_threads';
import type { BackendName } from '@gradbook/core';
import { claimOf, claimsOf } from '../assertion-outcome.js';
import { classifyValue } from '../classify-value.js';
import type { CellDefinition } from '../cell.js';
import { cellKey, type CellObserver } from '../cell-state.js';
import type { NotebookRun } from '../run.js';
import { summarise } from '../summarise.js';
import { DiskCache } from './disk-cache.js';
import { writeReport } from './report.js';
import { runFile } from './run-file.js';
import { catchStrayErrors, type StrayError } from './stray-errors.js';
import { mergeErrors, withoutStrays } from './merge-errors.js';
import type { CellReport, WorkerMessage, WorkerTask } from './worker-protocol.js';

/** A streaming cell's value is summarised (and sent) at most this often. */
const SUMMARY_EVERY_MS = 200;

const post = (message: WorkerMessage): void => parentPort!.postMessage(message);

/**
 * Streams each cell's state to the parent: from the cell's observer at once (a cell's value is sent
 * before any later cell runs, so a cell that never returns cannot hold it back), and whether a
 * streaming cell is still running from the notebook's change bursts.
 */
class CellStream {
  readonly #sent = new Map<string, { status: string; running: boolean; summaryAt: number }>();

  #post(cell: CellReport): void {
    const before = this.#sent.get(cell.key);
    this.#sent.set(cell.key, { status: cell.status, running: cell.running, summaryAt: cell.hasSummary ? performance.now() : (before?.summaryAt ?? -Infinity) });
    post({ type: 'cell', cell });
  }

  /** The observer of one cell's value. */
  observer(cell: CellDefinition): CellObserver {
    const key = cellKey(cell);
    const base = { key, index: cell.index, name: cell.name };
    return {
      pending: () => this.#post({ ...base, status: 'pending', running: false }),
      fulfilled: (value) => {
        const c = classifyValue(value);
        if (c.kind === 'train-event') post({ type: 'progress', ...base, step: c.value.step, loss: c.value.loss, total: typeof c.value.total === 'number' ? c.value.total : undefined });
        // A stream's values are summarised at most every SUMMARY_EVERY_MS (the last one at the end).
        const before = this.#sent.get(key);
        const running = before?.running ?? false;
        if (before && before.status === 'fulfilled' && performance.now() - before.summaryAt < SUMMARY_EVERY_MS) return;
        this.#post({ ...base, status: 'fulfilled', running, summary: summary(value), hasSummary: true });
      },
      rejected: (error) => this.#post({ ...base, status: 'rejected', running: false, error: error.message }),
    };
  }

  /** Follows whether streaming cells are still running. */
  follow(notebook: NotebookRun): void {
    const check = (): void => {
      for (const s of notebook.cells) {
        const before = this.#sent.get(s.key);
        if (before && before.status === s.status && before.running === s.running) continue;
        const claim = claimOf(s);
        this.#post({ key: s.key, index: s.cell.index, name: s.cell.name, status: s.status, running: s.running, ...(s.error ? { error: s.error.message } : {}), ...(s.status === 'fulfilled' ? { summary: summary(s.value), hasSummary: true } : {}), ...(claim ? { claim } : {}) });
      }
    };
    notebook.onChange(check);
    check();
  }
}

function summary(value: unknown): unknown {
  try {
    return summarise(value);
  } catch {
    return String(value);
  }
}

// Stray errors go to the notebook being run (one at a time).
let strays: StrayError[] = [];
const catcher = catchStrayErrors((stray) => {
  strays.push(stray);
  post({ type: 'stray', ...stray });
});

async function runTask(task: WorkerTask): Promise<void> {
  strays = [];
  const cache = task.cacheDir === null ? null : new DiskCache(task.cacheDir, task.verbose ? { onInvalid: (file, reason) => post({ type: 'log', text: `cache: ${file} does not verify (${reason}); recomputing\n` }) } : {});
  const stream = new CellStream();
  const { definition, notebook, unfinished } = await runFile(task.file, {
    overrides: task.overrides,
    backend: task.backend as BackendName | undefined,
    cache,
    test: task.test,
    timeout: task.timeout,
    observer: (cell, { view }) => (view ? undefined : stream.observer(cell)),
    onStart: (def, nb) => {
      catcher.claim();
      post({ type: 'started', title: def.title, cells: def.cells.map((c) => ({ key: cellKey(c), index: c.index, name: c.name })) });
      stream.follow(nb);
    },
  });
  post({ type: 'settling' });
  const result = notebook.result();
  const cells: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(result.cells)) cells[name] = summarise(value);
  const errors = mergeErrors(definition.cells, result.errors, unfinished, task.timeout, strays);
  const report = task.out === undefined ? undefined : await writeReport(definition, notebook, task.out);
  notebook.dispose();
  post({ type: 'done', cells: withoutStrays(cells, definition.cells, strays), errors, asserts: claimsOf(notebook.cells), unfinished, report });
}

// Notebooks run one after another, as the parent sends them.
let queue: Promise<void> = Promise.resolve();
parentPort!.on('message', (message: { type: string; task: WorkerTask }) => {
  if (message.type !== 'run') return;
  queue = queue.then(() => runTask(message.task).catch((error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.message : String(error) })));
});
