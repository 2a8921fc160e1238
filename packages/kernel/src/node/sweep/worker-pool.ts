import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { failedRecord, type RunJob, type RunRecord } from './run-point.js';

/** Options of {@link runPool}. */
export interface PoolOptions {
  /** Worker processes (at least 1). */
  readonly workers: number;
  /** Called with each row as its run finishes, in the order they finish. */
  readonly onRecord: (record: RunRecord) => void | Promise<void>;
  /** Called when a run starts. */
  readonly onStart?: (job: RunJob) => void;
  /** Stops handing out runs (runs under way are killed). */
  readonly signal?: AbortSignal;
}

// From the sources (tests, tsx) the worker is a .ts file and needs tsx to load; from dist/ it is .js.
const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './run-worker.ts' : './run-worker.js', import.meta.url);
const execArgv = import.meta.url.endsWith('.ts') ? ['--import', 'tsx', '--conditions=@gradbook/source'] : [];

/** Grace on top of a job's own timeout before its process is killed, so the run can report first if it can. */
const killGraceMs = (timeoutMs: number): number => Math.min(10_000, Math.max(1000, timeoutMs / 10));

interface Slot {
  child: ChildProcess;
  ready: Promise<void>;
}

function spawn(): Slot {
  const child = fork(fileURLToPath(workerUrl), [], { execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'advanced' });
  const ready = new Promise<void>((resolve, reject) => {
    const onMessage = (m: { type?: string }) => {
      if (m?.type === 'ready') {
        child.off('exit', onExit);
        resolve();
      }
    };
    const onExit = (code: number | null) => reject(new Error(`a sweep worker process exited (code ${code}) before it was ready`));
    child.once('message', onMessage);
    child.once('exit', onExit);
  });
  return { child, ready };
}

/** Runs one job on a slot's process; a process that dies or overruns gives a failed row. */
function runOn(slot: Slot, job: RunJob): Promise<{ record: RunRecord; alive: boolean }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const { child } = slot;
    let settled = false;
    const finish = (record: RunRecord, alive: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve({ record, alive });
    };
    const onMessage = (m: { type?: string; record?: RunRecord }) => {
      if (m?.type === 'result' && m.record?.id === job.id) finish(m.record, true);
    };
    const onExit = (code: number | null, signal: string | null) =>
      finish(failedRecord(job, `the worker process ${signal ? `was killed (${signal})` : `exited with code ${code}`} during the run`, performance.now() - started, true), false);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(failedRecord(job, `still running after ${(job.timeoutMs + killGraceMs(job.timeoutMs)) / 1000} s; its worker process was stopped`, performance.now() - started), false);
    }, job.timeoutMs + killGraceMs(job.timeoutMs));
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send({ type: 'run', job });
  });
}

/**
 * One worker process that runs jobs one at a time, started on first use and replaced when it dies
 * or overruns a job's timeout.
 */
export class ProcessRunner {
  #slot: Slot | null = null;

  /** Runs a job; never throws for the job's own failures (they are in the row). */
  async run(job: RunJob): Promise<RunRecord> {
    if (!this.#slot) {
      const slot = spawn();
      this.#slot = slot;
      try {
        await slot.ready;
      } catch (error) {
        this.#slot = null;
        throw error;
      }
    }
    const { record, alive } = await runOn(this.#slot, job);
    if (!alive) this.#slot = null;
    return record;
  }

  /** Kills the process under way (its job's row says so). */
  kill(): void {
    this.#slot?.child.kill('SIGKILL');
    this.#slot = null;
  }

  /** Lets the process end after its job. */
  close(): void {
    this.#slot?.child.send({ type: 'stop' });
    this.#slot = null;
  }
}

/**
 * Runs jobs on a pool of worker processes, each job on the next free process; each process keeps
 * its backend between jobs. A process that dies or overruns its job's timeout is replaced.
 *
 * @param jobs - the runs, in the order to start them.
 * @param options - worker count, the row callback and an abort signal.
 * @returns when every job has a row, or the signal aborted (runs under way are then dropped).
 */
export async function runPool(jobs: readonly RunJob[], options: PoolOptions): Promise<void> {
  const queue = [...jobs];
  const runners = new Set<ProcessRunner>();
  const abort = () => {
    for (const r of runners) r.kill();
  };
  options.signal?.addEventListener('abort', abort, { once: true });
  const lane = async () => {
    const runner = new ProcessRunner();
    runners.add(runner);
    try {
      while (!options.signal?.aborted) {
        const job = queue.shift();
        if (!job) break;
        options.onStart?.(job);
        const record = await runner.run(job);
        if (options.signal?.aborted) break;
        await options.onRecord(record);
      }
    } finally {
      runner.close();
      runners.delete(runner);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.workers, jobs.length)) }, lane));
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
}
