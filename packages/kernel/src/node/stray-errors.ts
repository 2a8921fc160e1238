// Errors that escape every cell: a promise a cell rejected and dropped, a callback of a cell's
// timer that threw. Node would end the process on them; a headless run makes each one an error of
// the cell it came from (or of the notebook), and goes on.

/** Where a stray error came from: the cell's index (from 0), or null when no cell can be named. */
export interface StrayError {
  readonly cellIndex: number | null;
  readonly message: string;
}

// Every cell's code is compiled with `//# sourceURL=cell-N.js` (cell.ts), so any error made or
// thrown by a cell's code, or by code a cell's callback called, has that file in its stack.
const CELL_FRAME = /\bcell-(\d+)\.js:\d+/;

/**
 * The cell an error came from, by the first frame of cell code in its stack.
 *
 * @param error - anything thrown or rejected.
 * @returns the cell's index (from 0), or null when its stack names no cell (or it has none).
 */
export function cellOfError(error: unknown): number | null {
  const stack = error instanceof Error ? error.stack : undefined;
  const m = typeof stack === 'string' ? CELL_FRAME.exec(stack) : null;
  return m ? Number(m[1]) - 1 : null;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  try {
    return typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error));
  } catch {
    return String(error);
  }
}

const EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

/**
 * Catches the process's uncaught exceptions and unhandled rejections, telling `onStray` of each
 * instead of letting Node end the process. For a process (or worker thread) that runs one notebook.
 * TensorFlow.js's WebAssembly module (Emscripten) adds listeners that rethrow both, which would end
 * the thread anyway: `claim()`, called once the backend is loaded, removes every listener but these.
 *
 * @param onStray - told of each stray error, with the cell it came from when known.
 * @returns `claim`, and `release` to remove the handlers.
 */
export function catchStrayErrors(onStray: (stray: StrayError) => void): { claim(): void; release(): void } {
  const handle = (error: unknown): void => onStray({ cellIndex: cellOfError(error), message: messageOf(error) });
  for (const event of EVENTS) process.on(event, handle);
  return {
    claim() {
      for (const event of EVENTS) {
        for (const listener of process.listeners(event as 'uncaughtException')) if (listener !== handle) process.off(event as 'uncaughtException', listener);
      }
    },
    release() {
      for (const event of EVENTS) process.off(event, handle);
    },
  };
}
