/**
 * The worker side of data-parallel training (`train({ threads })`): it rebuilds the model and the
 * loss from their configs, then answers each request with the loss and the gradient on its shard
 * of the batch. It runs in a Node `worker_threads` worker or a module Web Worker.
 */
import type { Scalar, Tensor } from '@tensorflow/tfjs';
// The package's side effects (gradient and chained-op registrations) are needed here, and bundlers
// building a worker from this file alone may drop them unless they are imported for their own sake.
import '@tensorflow/tfjs';
// Static, not the dynamic import `setBackend` uses: bundlers that build workers as one IIFE file
// (Vite before 8) refuse a worker with a dynamic import they would have to split off.
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../tf.js';
import { singleThreadedWasm } from '../backend.js';
import { shareWasmCopies } from '../wasm-copies.js';
import { valueAndGrad } from '../autodiff/value-and-grad.js';
import { lossFromConfig } from '../losses/from-config.js';
import { fromConfig } from '../model/config.js';
import type { Loss, Model, Params } from '../model/types.js';
import { PROTOCOL, buffersOf, fromWire, toWire, treeFromWire, treeToWire, type Reply, type Request } from './protocol.js';

interface Port {
  post(message: Reply, transfer?: ArrayBuffer[]): void;
  listen(handler: (message: Request) => void): void;
}

async function connect(): Promise<Port> {
  const isNode = typeof process !== 'undefined' && !!process.versions?.node;
  if (isNode) {
    // A variable specifier keeps bundlers from pulling a Node module into browser builds.
    const specifier = 'node:worker_threads';
    const { parentPort } = (await import(/* @vite-ignore */ specifier)) as typeof import('node:worker_threads');
    if (!parentPort) throw new Error('gradient-worker must run as a worker thread');
    return {
      post: (m, transfer) => parentPort.postMessage(m, transfer ?? []),
      listen: (h) => parentPort.on('message', h),
    };
  }
  const scope = globalThis as unknown as { postMessage(m: unknown, t?: Transferable[]): void; addEventListener(type: 'message', h: (e: MessageEvent) => void): void };
  return {
    post: (m, transfer) => scope.postMessage(m, transfer ?? []),
    listen: (h) => scope.addEventListener('message', (e) => h(e.data as Request)),
  };
}

/** The training thread's backend; only wasm and cpu are offered threads (see `GradientWorkers.start`). */
async function useBackend(name: string, wasmPaths: string | Record<string, string> | undefined): Promise<void> {
  if (name === 'wasm') singleThreadedWasm();
  if (name === 'wasm' && wasmPaths) setWasmPaths(wasmPaths as string);
  if (!(await tf.setBackend(name))) throw new Error(`backend '${name}' did not start in the worker`);
  if (name === 'wasm') shareWasmCopies();
}

function describe(err: unknown): { name: string; message: string } {
  return err instanceof Error ? { name: err.name, message: err.message } : { name: 'Error', message: String(err) };
}

async function main(): Promise<void> {
  const port = await connect();
  let backend: string | undefined;
  let model: Model | undefined;
  let loss: Loss | undefined;
  // Requests are handled one at a time, in order; init is async (the backend loads), the rest not.
  let queue = Promise.resolve();
  port.listen((request) => {
    queue = queue.then(async () => {
      try {
        if (request.kind === 'init') {
          if (request.protocol !== PROTOCOL) {
            throw new Error(`the worker script is from another build of @gradbook/core (protocol ${PROTOCOL}, the caller speaks ${String(request.protocol)}); rebuild the package`);
          }
          // The cpu backend's note about tfjs-node is printed once by the training thread already.
          tf.env().set('PROD', true);
          // A worker kept for another run is on its backend already (the pool matches backends).
          if (backend !== request.backend) {
            await useBackend(request.backend, request.wasmPaths);
            backend = request.backend;
          }
          model = fromConfig(request.model);
          loss = lossFromConfig(request.loss);
          port.post({ kind: 'ready' });
        } else {
          port.post(...gradient(model!, loss!, request));
        }
      } catch (err) {
        port.post({ kind: 'error', ...(request.kind === 'gradient' ? { id: request.id } : {}), error: describe(err) });
      }
    });
  });
}

function gradient(model: Model, loss: Loss, request: Extract<Request, { kind: 'gradient' }>): [Reply, ArrayBuffer[]] {
  const params = treeFromWire<Params>(request.params);
  const x = fromWire(request.x);
  const y = fromWire(request.y);
  let output: Tensor | undefined;
  try {
    const { value, grads } = tf.tidy(
      () =>
        valueAndGrad((p: Params): Scalar => {
          const out = model.apply(p, x, { training: true, seed: request.seed });
          if (request.wantOutput) output = tf.keep(out);
          return loss(out, y);
        })(params) as unknown as tf.TensorContainer,
    ) as unknown as { value: Scalar; grads: Params };
    const wireGrads = treeToWire(grads);
    const wireOutput = output ? toWire(output) : undefined;
    const reply: Reply = { kind: 'gradient', id: request.id, value: value.dataSync()[0]!, grads: wireGrads, ...(wireOutput ? { output: wireOutput } : {}) };
    tf.dispose([value, grads as unknown as tf.TensorContainer]);
    return [reply, buffersOf(wireGrads, wireOutput)];
  } finally {
    output?.dispose();
    tf.dispose([x, y, params as unknown as tf.TensorContainer]);
  }
}

void main();
