import path from 'node:path';
import { Queue, QueueEvents, type Job } from 'bullmq';
import { failedRecord, type RunRecord } from '../run-point.js';
import { finishSweep, prepareSweep, sweepRecorder, type SweepOptions, type SweepResult } from '../sweep.js';
import { ATTEMPTS, BACKOFF, DEFAULT_QUEUE, type QueueJobData } from './queue-jobs.js';
import { redisConnection } from './redis-url.js';
import { watchConnection } from './connection-watch.js';

/** Options of {@link queueSweep}. */
export interface QueueSweepOptions extends SweepOptions {
  /** The Redis address, `redis://host:6379`. */
  readonly queue: string;
  /** The BullMQ queue's name (default `gradbook-sweep`). */
  readonly queueName?: string;
  /** Enqueue and return without waiting for the runs (start the same sweep again to collect them). */
  readonly detach?: boolean;
  /** Called with connection news for people ("waiting for Redis at …", "reconnected"). */
  readonly onStatus?: (message: string) => void;
}

/** How often the sweep looks at its jobs besides the queue's events, so nothing is missed across a reconnection. */
const POLL_MS = 2000;

/**
 * A sweep whose runs are jobs on a BullMQ queue in Redis, taken by `gradbook worker` processes on
 * any number of machines. Job ids are the runs' ids, so enqueueing twice adds nothing and a sweep
 * can be detached and started again to collect; each job is tried {@link ATTEMPTS} times with
 * exponential back-off when its worker dies, then recorded as failed.
 *
 * @returns as {@link sweep}; with `detach`, the rows collected so far.
 */
export async function queueSweep(options: QueueSweepOptions): Promise<SweepResult & { enqueued: number }> {
  const prepared = await prepareSweep(options);
  const recorder = sweepRecorder(prepared);
  const { options: connection, display } = redisConnection(options.queue);
  const name = options.queueName ?? DEFAULT_QUEUE;
  const queue = new Queue<QueueJobData, RunRecord>(name, { connection });
  const events = new QueueEvents(name, { connection });
  // BullMQ reports a lost connection as errors of its own; the watch says it once, and its return.
  queue.on('error', () => {});
  events.on('error', () => {});
  const watch = watchConnection(connection, display, (m) => options.onStatus?.(m));
  let enqueued = 0;
  try {
    const enqueue = (job: (typeof prepared.todo)[number]) =>
      queue.add('run', { ...job, text: prepared.text, fileName: path.basename(prepared.file) }, { jobId: job.id, attempts: ATTEMPTS, backoff: BACKOFF, removeOnComplete: false, removeOnFail: false });
    for (const job of prepared.todo) {
      // A job id still in the queue is not added again: enqueueing is idempotent.
      const existing = await queue.getJob(job.id);
      if (existing) continue;
      await enqueue(job);
      enqueued++;
    }
    recorder.report();
    if (options.detach) return { ...(await finishSweep(prepared)), enqueued };
    const pending = new Set(prepared.todo.map((j) => j.id));
    let wake: (() => void) | null = null;
    const nudge = () => wake?.();
    events.on('completed', nudge);
    events.on('failed', nudge);
    options.signal?.addEventListener('abort', nudge, { once: true });
    while (pending.size > 0 && !options.signal?.aborted) {
      for (const id of [...pending]) {
        const job = (await queue.getJob(id)) as Job<QueueJobData, RunRecord> | undefined;
        const record = job ? await finished(job) : null;
        if (!job) {
          // Removed from Redis behind the sweep's back (flushed, evicted): enqueue it again.
          await enqueue(prepared.todo.find((j) => j.id === id)!);
          continue;
        }
        if (record) {
          pending.delete(id);
          await recorder.add(record);
        }
      }
      if (pending.size === 0) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, POLL_MS);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
    return { ...(await finishSweep(prepared)), enqueued };
  } finally {
    await Promise.allSettled([events.close(), queue.close(), watch.close()]);
  }
}

/** The row of a job that is done: its result, or a failure after its last attempt; else null. */
async function finished(job: Job<QueueJobData, RunRecord>): Promise<RunRecord | null> {
  const state = await job.getState();
  if (state === 'completed') return job.returnvalue;
  if (state === 'failed' && job.attemptsMade >= (job.opts.attempts ?? 1)) {
    return failedRecord(job.data, `failed after ${job.attemptsMade} attempt${job.attemptsMade === 1 ? '' : 's'}: ${job.failedReason}`, 0);
  }
  return null;
}
