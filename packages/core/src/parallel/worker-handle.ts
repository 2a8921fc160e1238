import { GradbookError } from '../errors.js';
import type { Reply, Request } from './protocol.js';

const isNode = typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined';

let live = 0;
let spawned = 0;

/** Worker threads started and not yet exited, idle ones included; for tests that check nothing is left running. @internal */
export function liveGradientWorkers(): number {
  return live;
}

/** Worker threads started so far, for tests that check a worker was reused. @internal */
export function spawnedGradientWorkers(): number {
  return spawned;
}

/** One gradient worker, as the training thread sees it. @internal */
export interface Handle {
  send(request: Request, transfer?: ArrayBuffer[]): void;
  /** Where the worker's replies and its failure (an error, or its exit) go from now on. */
  listen(onReply: (reply: Reply) => void, onFailure: (error: Error) => void): void;
  /**
   * Whether the worker alone may keep a Node process alive: only while it owes a reply. An idle
   * worker, or one of a run that was dropped unfinished, must not keep the process from exiting.
   */
  hold(busy: boolean): void;
  terminate(): void;
}

/**
 * Where the worker script is. Under a test runner this package runs from its TypeScript sources,
 * which a worker thread cannot load, so the worker is taken from the build (`dist/`) instead.
 */
function workerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../../dist/parallel/gradient-worker.js', here) : new URL('./gradient-worker.js', here);
}

/** Starts a worker running `gradient-worker.js`; it answers once it is sent `init`. @internal */
export async function spawn(where: string): Promise<Handle> {
  let onReply: (reply: Reply) => void = () => undefined;
  let onFailure: (error: Error) => void = () => undefined;
  const listen = (reply: typeof onReply, failure: typeof onFailure): void => {
    onReply = reply;
    onFailure = failure;
  };
  try {
    if (isNode) {
      const specifier = 'node:worker_threads';
      const { Worker } = (await import(/* @vite-ignore */ specifier)) as typeof import('node:worker_threads');
      // A worker inherits the process's Node flags; `--input-type` (for `node -e`) is refused in one.
      const worker = new Worker(workerUrl(), { execArgv: process.execArgv.filter((a) => !a.startsWith('--input-type')) });
      live++;
      spawned++;
      worker.on('message', (reply: Reply) => onReply(reply));
      worker.on('error', (error) => onFailure(error));
      worker.on('exit', (code) => {
        live--;
        onFailure(new Error(`the gradient worker exited (code ${code})`));
      });
      return {
        send: (r, t) => worker.postMessage(r, t ?? []),
        listen,
        hold: (busy) => (busy ? worker.ref() : worker.unref()),
        terminate: () => void worker.terminate(),
      };
    }
    if (typeof Worker === 'undefined') throw new GradbookError(where, 'this environment has no Web Workers; use threads: 1');
    // Written out in full so that bundlers (Vite, webpack) see the worker and ship it.
    const worker = new Worker(new URL('./gradient-worker.js', import.meta.url), { type: 'module' });
    live++;
    spawned++;
    worker.addEventListener('message', (e) => onReply(e.data as Reply));
    worker.addEventListener('error', (e) => onFailure(new Error(e.message || 'the gradient worker failed to load')));
    let ended = false;
    return {
      send: (r, t) => worker.postMessage(r, t ?? []),
      listen,
      hold: () => undefined,
      terminate: () => {
        worker.terminate();
        if (!ended) live--;
        ended = true;
      },
    };
  } catch (err) {
    // A failure to create the worker (a cross-origin script, say), said in Gradbook's words.
    if (err instanceof GradbookError) throw err;
    throw new GradbookError(where, `a worker could not be created: ${(err as Error)?.message ?? String(err)}`);
  }
}
