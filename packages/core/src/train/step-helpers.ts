import type { Scalar } from '@tensorflow/tfjs';

/**
 * Yields to the event loop between steps, so that timers, I/O and input events run mid-run: a page
 * repaints and handles a slider, and an abort from a timer or a request is seen at the next step.
 * (Awaiting a tensor read is not enough: on cpu and wasm it resolves as a microtask.) Node has
 * `setImmediate`; pages and workers a `MessageChannel`, which unlike `setTimeout(0)` is not clamped.
 */
export const breathe: () => Promise<void> =
  typeof setImmediate === 'function'
    ? () => new Promise((resolve) => setImmediate(resolve))
    : typeof MessageChannel !== 'undefined'
      ? () =>
          new Promise((resolve) => {
            const ch = new MessageChannel();
            ch.port1.onmessage = () => {
              ch.port1.close();
              resolve();
            };
            ch.port2.postMessage(null);
          })
      : () => new Promise((resolve) => setTimeout(resolve, 0));

/** Reads metric scalars to numbers and frees them (internal). */
export async function readMetrics(values: Record<string, Scalar | number>, prefix = ''): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, v] of Object.entries(values)) {
    out[prefix + name] = typeof v === 'number' ? v : (await v.data())[0]!;
    if (typeof v !== 'number') v.dispose();
  }
  return out;
}

