import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { GradbookError } from '../errors.js';
import { valueAndGrad } from '../autodiff/value-and-grad.js';
import { lossConfigOf, type LossConfig } from '../losses/config.js';
import type { ModelConfig } from '../model/config.js';
import type { Loss, Model, Params } from '../model/types.js';
import { splitSeed } from '../random/split-seed.js';
import { axpy, scale } from '../tree/arithmetic.js';
import { PROTOCOL, fromWire, toWire, treeFromWire, treeToWire, type Reply, type Request, type WireTensor } from './protocol.js';
import { spawn, type Handle } from './worker-handle.js';
import { putIdle, takeIdle } from './worker-pool.js';

/** The loss, gradient and (when asked) model output of one batch, summed over its shards. @internal */
export interface ShardedResult<P extends Params> {
  value: Scalar;
  grads: P;
  output?: Tensor;
}

/** How long a worker may take to load TensorFlow.js and its backend and build the model. */
const START_TIMEOUT_MS = 60_000;

/**
 * A worker resolves relative URLs against its own script, not the page: the wasm binaries' location
 * is made absolute against the page before it is sent.
 */
function absolute(paths: string | Record<string, string> | undefined): string | Record<string, string> | undefined {
  const base = typeof location !== 'undefined' ? location.href : undefined;
  if (paths === undefined || base === undefined) return paths;
  if (typeof paths === 'string') return new URL(paths, base).href;
  return Object.fromEntries(Object.entries(paths).map(([file, url]) => [file, new URL(url, base).href]));
}

/** Row `start` to `end` (exclusive) of a batch read into a wire tensor, as a wire tensor of its own. */
function rows(w: WireTensor, start: number, end: number): WireTensor {
  const width = w.shape.slice(1).reduce((a, b) => a * b, 1);
  return { shape: [end - start, ...w.shape.slice(1)], dtype: w.dtype, data: w.data.slice(start * width, end * width) };
}

/** Shard sizes for `n` examples over `k` threads, as even as they can be (the first ones larger). */
export function shardSizes(n: number, k: number): number[] {
  const shards = Math.min(n, k);
  return Array.from({ length: shards }, (_, i) => Math.floor(n / shards) + (i < n % shards ? 1 : 0));
}

/**
 * Data parallelism across threads: each batch is split into shards, this thread takes the first
 * and worker threads (each with its own backend) the rest; the gradients come back as a sum
 * weighted by shard size, which for a loss that is a mean over the batch is the batch's gradient.
 * On wasm, which is single-threaded in Node, this is what puts a second core to work.
 * @internal
 */
export class GradientWorkers {
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void; handle: Handle }>();
  private nextId = 1;
  private failure: Error | undefined;
  private closed = false;

  private constructor(
    private readonly model: Model,
    private readonly loss: Loss,
    private readonly handles: Handle[],
    /** What the workers are set up for, so that a later run on the same backend can take them. */
    private readonly key: string,
  ) {}

  /** The number of threads a batch is split over, this one included. */
  get threads(): number {
    return this.handles.length + 1;
  }

  /**
   * Starts `threads − 1` workers on the backend in use here and waits until each has built the model.
   * @throws GradbookError when the model or the loss cannot be rebuilt in a worker, or a worker fails to start.
   */
  static async start(where: string, model: Model, loss: Loss, threads: number, wasmPaths?: string | Record<string, string>): Promise<GradientWorkers> {
    const config: ModelConfig | undefined = model.config;
    if (!config) {
      throw new GradbookError(where, 'threads > 1 rebuilds the model in worker threads, so it needs a model made by sequential(...) from Gradbook layers (one with model.config)');
    }
    const lossConfig: LossConfig | undefined = lossConfigOf(loss);
    if (!lossConfig) {
      throw new GradbookError(where, 'threads > 1 rebuilds the loss in worker threads, so it needs a built-in loss: crossEntropy, crossEntropyWith({ labelSmoothing }) or mse');
    }
    const backend = tf.getBackend();
    if (backend !== 'wasm' && backend !== 'cpu') {
      throw new GradbookError(
        where,
        `threads > 1 is for the wasm and cpu backends, which compute on one thread each; '${backend}' ${backend === 'tensorflow' ? 'already uses every core' : 'computes on the GPU'}, so use threads: 1`,
      );
    }
    const wasm = wasmPaths ? absolute(wasmPaths) : undefined;
    const key = JSON.stringify([backend, wasm ?? null]);
    const handles: Handle[] = [];
    const ready: Promise<void>[] = [];
    let self: GradientWorkers | undefined;
    try {
      for (let i = 0; i < threads - 1; i++) {
        let settle!: { resolve: () => void; reject: (e: Error) => void };
        const started = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
        // Seen by Promise.all below, or dropped with the rest when a later worker fails to spawn.
        started.catch(() => undefined);
        ready.push(started);
        // A worker left waiting by an earlier run on this backend is taken before a new one is started.
        const handle = takeIdle(key) ?? (await spawn(where));
        handles.push(handle);
        handle.listen(
          (reply) => {
            if (reply.kind === 'ready') settle.resolve();
            else if (reply.kind === 'error' && reply.id === undefined) settle.reject(new GradbookError(where, `a worker could not start: ${reply.error.message}`));
            else self?.receive(reply);
          },
          (error) => {
            settle.reject(new GradbookError(where, `a worker could not start: ${error.message}`));
            self?.fail(error);
          },
        );
        handle.hold(true);
        handle.send({ kind: 'init', protocol: PROTOCOL, backend, ...(wasm ? { wasmPaths: wasm } : {}), model: config, loss: lossConfig });
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new GradbookError(where, `a worker did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      });
      try {
        await Promise.race([Promise.all(ready), timeout]);
      } finally {
        clearTimeout(timer);
      }
    } catch (err) {
      handles.forEach((h) => h.terminate());
      throw err;
    }
    handles.forEach((h) => h.hold(false));
    self = new GradientWorkers(model, loss, handles, key);
    return self;
  }

  private receive(reply: Reply): void {
    if (reply.kind === 'ready' || reply.id === undefined) return;
    const entry = this.pending.get(reply.id);
    if (!entry) return;
    this.pending.delete(reply.id);
    if (![...this.pending.values()].some((e) => e.handle === entry.handle)) entry.handle.hold(false);
    if (reply.kind === 'error') entry.reject(new GradbookError('train(threads)', `a worker failed: ${reply.error.message}`));
    else entry.resolve(reply);
  }

  private fail(error: Error): void {
    if (this.closed) return;
    this.failure ??= new GradbookError('train(threads)', `a worker stopped: ${error.message}`);
    for (const entry of this.pending.values()) entry.reject(this.failure);
    this.pending.clear();
  }

  private request(handle: Handle, request: Omit<Extract<Request, { kind: 'gradient' }>, 'id'>, transfer: ArrayBuffer[]): Promise<Extract<Reply, { kind: 'gradient' }>> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: Reply) => void, reject, handle });
      handle.hold(true);
      handle.send({ ...request, id }, transfer);
    });
  }

  /**
   * The loss and gradient of `loss(model.apply(params, x, { training: true, seed }), y)` over the
   * whole batch, computed in shards. Shard `i` gets dropout seed `splitSeed(seed, i)`. The result's
   * tensors are new and the caller's.
   */
  async valueAndGrad<P extends Params>(params: P, x: Tensor, y: Tensor, seed: number, wantOutput: boolean): Promise<ShardedResult<P>> {
    if (this.closed) throw new GradbookError('train(threads)', 'the gradient workers were closed');
    const n = x.shape[0]!;
    if (y.shape[0] !== n) {
      throw new GradbookError('train(data)', `a batch has ${n} inputs but ${y.shape[0]} targets`);
    }
    const sizes = shardSizes(n, this.threads);
    const [wireX, wireY, wireParams] = [toWire(x), toWire(y), treeToWire(params)];
    const replies: Promise<Extract<Reply, { kind: 'gradient' }>>[] = [];
    let start = sizes[0]!;
    for (let i = 1; i < sizes.length; i++) {
      const end = start + sizes[i]!;
      const xs = rows(wireX, start, end);
      const ys = rows(wireY, start, end);
      replies.push(this.request(this.handles[i - 1]!, { kind: 'gradient', params: wireParams, x: xs, y: ys, seed: splitSeed(seed, i), wantOutput }, [xs.data.buffer as ArrayBuffer, ys.data.buffer as ArrayBuffer]));
      start = end;
    }
    // This thread's shard runs while the workers compute theirs.
    let local: ShardedResult<P>;
    try {
      local = this.localShard(params, x, y, sizes[0]!, splitSeed(seed, 0), wantOutput);
    } catch (err) {
      await Promise.allSettled(replies);
      throw err;
    }
    let remote: Extract<Reply, { kind: 'gradient' }>[];
    try {
      remote = await Promise.all(replies);
    } catch (err) {
      tf.dispose([local.value, local.grads as unknown as tf.TensorContainer, local.output ?? []]);
      await Promise.allSettled(replies);
      throw err;
    }
    return tf.tidy(() => {
      const weights = sizes.map((s) => s / n);
      let value = tf.mul(local.value, weights[0]!) as Scalar;
      let grads = scale(local.grads, weights[0]!);
      remote.forEach((r, i) => {
        value = tf.add(value, r.value * weights[i + 1]!) as Scalar;
        grads = axpy(grads, weights[i + 1]!, treeFromWire<P>(r.grads));
      });
      const outputs = local.output ? [local.output, ...remote.map((r) => fromWire(r.output!))] : undefined;
      const output = outputs ? (outputs.length > 1 ? tf.concat(outputs, 0) : tf.clone(outputs[0]!)) : undefined;
      tf.dispose([local.value, local.grads as unknown as tf.TensorContainer, local.output ?? []]);
      return { value, grads, ...(output ? { output } : {}) } as unknown as tf.TensorContainer;
    }) as unknown as ShardedResult<P>;
  }

  private localShard<P extends Params>(params: P, x: Tensor, y: Tensor, size: number, seed: number, wantOutput: boolean): ShardedResult<P> {
    let output: Tensor | undefined;
    try {
      const result = tf.tidy(() => {
        const xs = size === x.shape[0] ? x : tf.slice(x, 0, size);
        const ys = size === y.shape[0] ? y : tf.slice(y, 0, size);
        return valueAndGrad((p: P): Scalar => {
          const out = this.model.apply(p, xs, { training: true, seed });
          if (wantOutput) output = tf.keep(out);
          return this.loss(out, ys);
        })(params) as unknown as tf.TensorContainer;
      }) as unknown as { value: Scalar; grads: P };
      return { ...result, ...(output ? { output } : {}) };
    } catch (err) {
      output?.dispose();
      throw err;
    }
  }

  /**
   * Ends this run's use of the workers: healthy ones wait for the next run (see `worker-pool.ts`),
   * failed ones stop. Safe to call twice.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const healthy = this.failure === undefined && this.pending.size === 0;
    this.handles.forEach((h) => (healthy ? putIdle(h, this.key) : h.terminate()));
    for (const entry of this.pending.values()) entry.reject(new GradbookError('train(threads)', 'the gradient workers were closed'));
    this.pending.clear();
  }
}
