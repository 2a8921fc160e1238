import { Worker } from 'node:worker_threads';
import path from 'node:path';
import type { Claim } from '../assertion-outcome.js';
import { mergeErrors, withoutStrays } from './merge-errors.js';
import type { StrayError } from './stray-errors.js';
import type { CellReport, WorkerMessage, WorkerTask } from './worker-protocol.js';

// The worker is the built file beside this module; from the sources (tests), the package's build
// (turbo builds the kernel before its tests, as core does for its gradient workers).
const entry = import.meta.url.endsWith('.ts') ? new URL('../../dist/node/notebook-worker.js', import.meta.url) : new URL('./notebook-worker.js', import.meta.url);

/** Time for the worker to load TensorFlow.js and compile the notebook before its timeout starts. */
const STARTUP_MS = 30_000;
/** Time after the timeout for a responsive worker to say it is finishing (a stuck one never does). */
const GRACE_MS = 1_000;

/** What a notebook run in a worker thread gives back. */
export interface WorkerRunResult {
  readonly title: string;
  /** The fulfilled cells' values, summarised (as `--json` prints them). */
  readonly cells: Record<string, unknown>;
  /** Each failed or unfinished cell's error, by name (`notebook` for errors of no cell). */
  readonly errors: Record<string, string>;
  /** The claims of the `assert` cells that finished. */
  readonly asserts: Claim[];
  /** The cells still running when the run was stopped. */
  readonly unfinished: string[];
  /** The written report's path, when `out` was given and the worker could write it. */
  readonly report: string | undefined;
  /** True when the worker was terminated (a cell never returned): the results are the ones it had sent. */
  readonly stopped: boolean;
}

/** Hooks of {@link runInWorker}. */
export interface WorkerRunHooks {
  /** A training event of a cell (for progress bars). */
  onProgress?: (cell: { name: string | null; index: number }, event: { step: number; loss: number; total: number | undefined }) => void;
  /** A line for stderr (`--verbose`). */
  onLog?: (text: string) => void;
}

/**
 * Runs one notebook file in a worker thread, so that a cell stuck in a synchronous loop can be
 * stopped: at `task.timeout` (plus a second's grace) a worker that has not started finishing is
 * terminated, its stuck cells reported as still running, and the other cells' results kept (the
 * worker streams them as they settle). Stray asynchronous errors become errors of their cells.
 *
 * @param task - the notebook and how to run it.
 * @param hooks - progress and log callbacks (default none).
 * @returns the results.
 * @throws Error when the notebook cannot run at all (it does not compile), with why.
 */
export async function runInWorker(task: WorkerTask, hooks: WorkerRunHooks = {}): Promise<WorkerRunResult> {
  const thread = new NotebookThread();
  try {
    return await thread.run(task, hooks);
  } finally {
    thread.close();
  }
}

/**
 * A worker thread that runs notebooks one after another (`gradbook test`), so that loading
 * TensorFlow.js and the kernel is paid once, not per notebook; a thread terminated for a stuck cell
 * (or one that crashed) is replaced by a fresh one for the next notebook. See {@link runInWorker}.
 */
export class NotebookThread {
  #worker: Worker | null = null;

  /** The live worker, or a new one. */
  #take(): Worker {
    // Not the parent's options: run from the sources it may resolve packages to .ts (`--conditions`).
    if (!this.#worker) {
      const worker = new Worker(entry, { execArgv: [] });
      // A thread that fails between notebooks is replaced by the next run.
      worker.on('error', () => this.#drop(worker));
      this.#worker = worker;
    }
    return this.#worker;
  }

  /** Runs one notebook (see {@link runInWorker}). */
  run(task: WorkerTask, hooks: WorkerRunHooks = {}): Promise<WorkerRunResult> {
    const worker = this.#take();
    worker.ref();
    return new Promise<WorkerRunResult>((resolve, reject) => {
      let title = path.basename(task.file);
      let cellList: { key: string; index: number; name: string | null }[] = [];
      const states = new Map<string, CellReport>();
      const summaries = new Map<string, unknown>();
      const strays: StrayError[] = [];
      let finished = false;
      let killer: ReturnType<typeof setTimeout> | undefined;
      const arm = (ms: number): void => {
        clearTimeout(killer);
        if (task.timeout !== undefined) killer = setTimeout(stop, ms);
      };
      const finish = (result: WorkerRunResult | Error): void => {
        if (finished) return;
        finished = true;
        clearTimeout(killer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        // An idle thread does not keep the process alive.
        worker.unref();
        if (result instanceof Error) reject(result);
        else resolve(result);
      };
      // The results the worker had sent: what a stopped (or crashed) run has.
      const streamed = (extra: Record<string, string>): WorkerRunResult => {
        const cells: Record<string, unknown> = {};
        const errors: Record<string, string> = {};
        const unfinished: string[] = [];
        for (const [key, s] of states) {
          if (s.status === 'rejected' && s.error !== undefined) errors[key] = s.error;
          else if (s.status === 'pending' || s.running) unfinished.push(key);
          if (s.status === 'fulfilled' && summaries.has(key)) cells[key] = summaries.get(key);
        }
        const asserts = [...states.values()].filter((s) => s.claim !== undefined).sort((a, b) => a.index - b.index).map((s) => s.claim!);
        return { title, cells: withoutStrays(cells, cellList, strays), asserts, errors: { ...mergeErrors(cellList, errors, unfinished, task.timeout, strays), ...extra }, unfinished, report: undefined, stopped: true };
      };
      const stop = (): void => {
        this.#drop(worker);
        finish(streamed({}));
      };
      arm((task.timeout ?? 0) + STARTUP_MS);
      const onMessage = (m: WorkerMessage): void => {
        switch (m.type) {
          case 'started':
            title = m.title;
            cellList = m.cells;
            arm((task.timeout ?? 0) + GRACE_MS);
            break;
          case 'cell':
            states.set(m.cell.key, m.cell);
            if (m.cell.hasSummary) summaries.set(m.cell.key, m.cell.summary);
            break;
          case 'progress':
            hooks.onProgress?.({ name: m.name, index: m.index }, { step: m.step, loss: m.loss, total: m.total });
            break;
          case 'stray':
            strays.push({ cellIndex: m.cellIndex, message: m.message });
            break;
          case 'log':
            hooks.onLog?.(m.text);
            break;
          case 'settling':
            // The worker's own timeout came (or the notebook settled): it is responsive and finishing.
            clearTimeout(killer);
            break;
          case 'done':
            finish({ title, cells: m.cells, errors: m.errors, asserts: m.asserts, unfinished: m.unfinished, report: m.report, stopped: false });
            break;
          case 'failed':
            finish(new Error(m.message));
            break;
        }
      };
      const onError = (error: Error): void => {
        this.#drop(worker);
        if (cellList.length === 0) finish(error);
        else finish(streamed({ notebook: `the notebook's thread failed: ${error.message}` }));
      };
      const onExit = (code: number): void => {
        if (this.#worker === worker) this.#worker = null;
        if (!finished) finish(cellList.length === 0 ? new Error(`the notebook's thread exited (code ${code}) before it started`) : streamed({ notebook: `the notebook's thread exited (code ${code}) before it finished` }));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ type: 'run', task });
    });
  }

  #drop(worker: Worker): void {
    if (this.#worker === worker) this.#worker = null;
    void worker.terminate();
  }

  /** Ends the thread. */
  close(): void {
    if (this.#worker) this.#drop(this.#worker);
  }
}
