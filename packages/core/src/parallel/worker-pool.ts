import type { Handle } from './worker-handle.js';

/**
 * How long a worker waits, idle, for the next run before it stops. A notebook re-runs training when
 * a slider moves; a waiting worker spares the new run the half second a worker takes to start.
 */
const IDLE_MS = 30_000;

interface Idle {
  handle: Handle;
  /** What the worker was set up for (backend, wasm paths): only a run that matches may take it. */
  key: string;
  timer: ReturnType<typeof setTimeout>;
}

const idle: Idle[] = [];

function remove(entry: Idle): void {
  const i = idle.indexOf(entry);
  if (i >= 0) idle.splice(i, 1);
  clearTimeout(entry.timer);
}

/** A waiting worker set up for `key`, if there is one; it is the caller's now. @internal */
export function takeIdle(key: string): Handle | undefined {
  const entry = idle.find((e) => e.key === key);
  if (!entry) return undefined;
  remove(entry);
  return entry.handle;
}

/** Keeps a healthy worker for the next run, stopping it after {@link IDLE_MS} unused. @internal */
export function putIdle(handle: Handle, key: string): void {
  const timer = setTimeout(() => {
    remove(entry);
    handle.terminate();
  }, IDLE_MS);
  // In Node the wait must not keep the process alive; neither must the idle worker.
  (timer as { unref?: () => void }).unref?.();
  const entry: Idle = { handle, key, timer };
  handle.hold(false);
  handle.listen(
    () => undefined,
    () => remove(entry),
  );
  idle.push(entry);
}

/** Workers waiting for a run. @internal */
export function idleGradientWorkers(): number {
  return idle.length;
}

/** Stops every waiting worker now (tests, and pages that want the memory back). @internal */
export function stopIdleGradientWorkers(): void {
  for (const entry of idle.splice(0)) {
    clearTimeout(entry.timer);
    entry.handle.terminate();
  }
}
