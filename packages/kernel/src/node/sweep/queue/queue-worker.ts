import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'bullmq';
import type { RunRecord } from '../run-point.js';
import { ProcessRunner } from '../worker-pool.js';
import { DEFAULT_QUEUE, type QueueJobData } from './queue-jobs.js';
import { redisConnection } from './redis-url.js';
import { watchConnection } from './connection-watch.js';

/** Options of {@link runQueueWorker}. */
export interface QueueWorkerOptions {
  /** The Redis address, `redis://host:6379`. */
  readonly url: string;
  readonly queueName?: string;
  /** Runs at a time, each in its own process (default 1). */
  readonly concurrency?: number;
  /**
   * Seconds a run's lock lasts without renewal (default 30): a worker that dies is noticed about
   * this long after, and its run handed to another worker.
   */
  readonly lockSeconds?: number;
  readonly signal?: AbortSignal;
  readonly onStatus?: (message: string) => void;
  /** Called as each run ends here. */
  readonly onRun?: (record: RunRecord) => void;
}

/**
 * Takes sweep runs from a BullMQ queue and runs them, each in a worker process of its own so a
 * stuck cell can be stopped, until the signal aborts (then the runs under way finish first).
 * A run whose process dies is thrown back to the queue, which retries it with back-off; a run
 * whose cells fail is a result, recorded as such and not retried.
 *
 * @returns when the worker has closed.
 */
export async function runQueueWorker(options: QueueWorkerOptions): Promise<void> {
  const { options: connection, display } = redisConnection(options.url);
  const concurrency = options.concurrency ?? 1;
  const idle: ProcessRunner[] = Array.from({ length: concurrency }, () => new ProcessRunner());
  const scratch = await mkdtemp(path.join(tmpdir(), 'gradbook-worker-'));
  const lockDuration = (options.lockSeconds ?? 30) * 1000;
  const worker = new Worker<QueueJobData, RunRecord>(
    options.queueName ?? DEFAULT_QUEUE,
    async (job) => {
      const runner = idle.pop() ?? new ProcessRunner();
      const dir = await mkdtemp(path.join(scratch, 'run-'));
      try {
        const file = path.join(dir, path.basename(job.data.fileName));
        await writeFile(file, job.data.text);
        const { text: _text, fileName: _name, ...spec } = job.data;
        const record = await runner.run({ ...spec, file });
        if (record.crashed) throw new Error(record.error ?? 'the run process died');
        options.onRun?.(record);
        return record;
      } finally {
        idle.push(runner);
        await rm(dir, { recursive: true, force: true });
      }
    },
    { connection, concurrency, lockDuration, stalledInterval: lockDuration, maxStalledCount: 2 },
  );
  // BullMQ reports a lost connection as errors of its own; the watch says it once, and its return.
  worker.on('error', () => {});
  const watch = watchConnection(connection, display, (m) => options.onStatus?.(m));
  worker.once('ready', () => options.onStatus?.(`taking sweep runs from ${display} (${concurrency} at a time)`));
  await new Promise<void>((resolve) => {
    if (options.signal?.aborted) resolve();
    options.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await worker.close();
  await watch.close();
  for (const r of idle) r.close();
  await rm(scratch, { recursive: true, force: true });
}
