import { tf } from './tf.js';
import { GradbookError } from './errors.js';
import { shareWasmCopies } from './wasm-copies.js';

/** A backend Gradbook can run on. `auto` picks the fastest one available here. */
export type BackendName = 'auto' | 'tensorflow' | 'wasm' | 'cpu' | 'webgl' | 'webgpu';

/** Options for {@link setBackend}. */
export interface SetBackendOptions {
  /**
   * Where the browser finds the WebAssembly binaries (`tfjs-backend-wasm*.wasm`): a URL prefix, or a
   * map from file name to URL. Not needed in Node, where they load from the installed package.
   */
  wasmPaths?: string | Record<string, string>;
}

const isNode = typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined';

/**
 * In preference order. Node: native TensorFlow, then WebAssembly, then the pure-JS CPU backend.
 * Browser: WebAssembly first, because notebook-sized models are dominated by per-op dispatch, where
 * wasm SIMD beats the GPU backends (a 512² matMul measured 10–25 ms on wasm, 80–230 ms on WebGL and
 * 570–1220 ms on WebGPU in headless Chromium), and because WebGPU's `dataSync()` returned zeros there
 * while parts of the stack read values synchronously. The GPU backends remain a named choice.
 */
const AUTO_ORDER: Record<'node' | 'browser', Exclude<BackendName, 'auto'>[]> = {
  node: ['tensorflow', 'wasm', 'cpu'],
  browser: ['wasm', 'webgl', 'webgpu', 'cpu'],
};

const INSTALL_HINT: Record<Exclude<BackendName, 'auto'>, string> = {
  tensorflow: 'install @tensorflow/tfjs-node (or @tensorflow/tfjs-node-gpu) at version 4.22.0; its install downloads libtensorflow',
  wasm: 'reinstall @gradbook/core, whose dependency @tensorflow/tfjs-backend-wasm provides it',
  cpu: 'the cpu backend ships with @tensorflow/tfjs and should always load',
  webgl: 'WebGL exists only in a browser with a GPU context',
  webgpu: 'install @tensorflow/tfjs-backend-webgpu at version 4.22.0 and use a browser with WebGPU enabled',
};

let wasmPaths: SetBackendOptions['wasmPaths'];

/**
 * Keeps the wasm backend on its single-threaded SIMD build, also on a cross-origin isolated page,
 * where tfjs would pick its threaded build: its pthread workers start from the bundled factory's
 * source and fail once an app bundler has renamed what that source refers to ("e is not defined").
 * Node never threads wasm; `train({ threads })` is how Gradbook uses more cores. Call after
 * importing `@tensorflow/tfjs-backend-wasm` (which registers the flag). @internal
 */
export function singleThreadedWasm(): void {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
}

/** The `wasmPaths` the wasm backend was set up with, for worker threads that load it too. @internal */
export function wasmPathsInUse(): SetBackendOptions['wasmPaths'] {
  return wasmPaths;
}

// A variable specifier keeps bundlers from trying to resolve optional packages at build time.
const importOptional = (specifier: string): Promise<unknown> => import(/* @vite-ignore */ specifier);

async function register(name: Exclude<BackendName, 'auto'>, options: SetBackendOptions): Promise<void> {
  if (tf.findBackendFactory(name === 'tensorflow' ? 'tensorflow' : name)) return;
  switch (name) {
    case 'tensorflow':
      try {
        await importOptional('@tensorflow/tfjs-node-gpu');
      } catch {
        await importOptional('@tensorflow/tfjs-node');
      }
      return;
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      singleThreadedWasm();
      if (options.wasmPaths) {
        wasm.setWasmPaths(options.wasmPaths as string);
        wasmPaths = options.wasmPaths;
      }
      return;
    }
    case 'webgpu':
      await importOptional('@tensorflow/tfjs-backend-webgpu');
      return;
    default:
      return; // cpu and webgl register themselves with @tensorflow/tfjs
  }
}

async function tryBackend(name: Exclude<BackendName, 'auto'>, options: SetBackendOptions): Promise<boolean> {
  try {
    await register(name, options);
  } catch {
    return false;
  }
  if (!tf.findBackendFactory(name)) return false;
  try {
    const ok = await tf.setBackend(name);
    if (ok && name === 'wasm') shareWasmCopies();
    return ok;
  } catch {
    return false;
  }
}

/**
 * Chooses the backend every later tensor operation runs on, and waits until it is ready.
 *
 * `auto` tries, in Node: native TensorFlow (`@tensorflow/tfjs-node-gpu`, then `@tensorflow/tfjs-node`,
 * when installed), then WebAssembly with SIMD, then the pure-JS CPU backend; in a browser:
 * WebAssembly (pass `wasmPaths` where its `.wasm` files are served), WebGL, WebGPU, CPU. Asking
 * for a named backend that cannot load is an error that says how to install it.
 *
 * @param name - the backend, `auto` by default.
 * @param options - `wasmPaths` for the browser.
 * @returns the name of the backend now in use (`tensorflow`, `wasm`, `cpu`, `webgl` or `webgpu`).
 * @example
 * await setBackend('wasm');
 * getBackend(); // 'wasm'
 */
export async function setBackend(name: BackendName = 'auto', options: SetBackendOptions = {}): Promise<string> {
  if (name === 'auto') {
    for (const candidate of AUTO_ORDER[isNode ? 'node' : 'browser']) {
      if (await tryBackend(candidate, options)) return tf.getBackend();
    }
    throw new GradbookError('setBackend', 'no backend could be initialised (tried ' + AUTO_ORDER[isNode ? 'node' : 'browser'].join(', ') + ')');
  }
  if (!(name in INSTALL_HINT)) {
    throw new GradbookError('setBackend', `unknown backend '${String(name)}'; use one of auto, ${Object.keys(INSTALL_HINT).join(', ')}`);
  }
  if (!(await tryBackend(name, options))) {
    throw new GradbookError('setBackend', `backend '${name}' is not available here; ${INSTALL_HINT[name]}`);
  }
  return tf.getBackend();
}

/** The name of the backend in use. */
export function getBackend(): string {
  return tf.getBackend();
}
