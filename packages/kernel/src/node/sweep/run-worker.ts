// The entry of a sweep's worker process: it runs one job at a time for its parent and answers each
// with the run's row. One process per worker so each has its own TensorFlow.js backend and a stuck
// cell (a synchronous loop) can be stopped by killing the process.
import { failedRecord, runPoint, type RunJob } from './run-point.js';

interface Send {
  (message: unknown): void;
}

const send: Send = (message) => process.send?.(message);
let strays: string[] = [];

// A rejection or throw no cell awaited (a stray timer, say) must not end the process with the
// sweep's other runs; it is recorded as an error of the run under way.
process.on('unhandledRejection', (reason) => strays.push(`unhandled rejection: ${(reason as Error)?.message ?? String(reason)}`));
process.on('uncaughtException', (error) => strays.push(`uncaught exception: ${error.message}`));

// The parent is gone (a sweep worker killed mid-run): so is this process.
process.on('disconnect', () => process.exit(0));

process.on('message', async (message: { type: string; job?: RunJob }) => {
  if (message.type === 'stop') process.exit(0);
  if (message.type !== 'run' || !message.job) return;
  const job = message.job;
  strays = [];
  const started = performance.now();
  let record;
  try {
    record = await runPoint(job);
  } catch (error) {
    record = failedRecord(job, (error as Error).message, performance.now() - started);
  }
  if (strays.length > 0) {
    const error = [record.error, ...strays].filter(Boolean).join('; ');
    record = { ...record, status: 'failed' as const, error };
  }
  send({ type: 'result', record });
});

send({ type: 'ready' });
