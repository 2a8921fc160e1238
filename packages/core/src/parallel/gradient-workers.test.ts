import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs';
import { setBackend } from '../backend.js';
import { tf } from '../tf.js';
import { conv2d } from '../layers/conv2d.js';
import { dense } from '../layers/dense.js';
import { dropout } from '../layers/dropout.js';
import { flatten } from '../layers/flatten.js';
import { maxPool2d } from '../layers/pool.js';
import { embedding } from '../layers/embedding.js';
import { layerNorm } from '../layers/layer-norm.js';
import { meanPool } from '../layers/mean-pool.js';
import { concat } from '../model/concat.js';
import { residual } from '../model/residual.js';
import { accuracy } from '../losses/accuracy.js';
import { crossEntropy, crossEntropyWith } from '../losses/cross-entropy.js';
import { mse } from '../losses/mse.js';
import { sequential } from '../model/sequential.js';
import type { Loss, Params } from '../model/types.js';
import type { GradientTransformation } from '../gradient-transformation.js';
import { dispose, leaves } from '../tree/arithmetic.js';
import { map } from '../tree/map.js';
import { train, type TrainEvent } from '../train/train.js';
import { TrainingAbortedError, TrainingDivergedError } from '../train/errors.js';
import { shardSizes } from './gradient-workers.js';
import { liveGradientWorkers, spawnedGradientWorkers } from './worker-handle.js';
import { idleGradientWorkers, stopIdleGradientWorkers } from './worker-pool.js';
import { PROTOCOL, type Reply } from './protocol.js';

// The workers run the built script, as they do for users of the package.
const built = (file: string): string => fileURLToPath(new URL(`../../dist/${file}`, import.meta.url));

const sgd = (lr: number): GradientTransformation<null> => ({
  init: () => null,
  update: (g) => ({ updates: map(g, (t: Tensor) => tf.mul(t, -lr)), state: null }),
});

const cnn = sequential([8, 8, 1], [
  conv2d({ name: 'c1', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
  maxPool2d({ name: 'p1' }),
  conv2d({ name: 'c2', filters: 6, kernelSize: 3, activation: 'tanh' }),
  flatten(),
  dense({ name: 'out', units: 3 }),
]);

function images(n: number, seed: number): { x: Tensor; y: Tensor } {
  return tf.tidy(() => ({
    x: tf.randomNormal([n, 8, 8, 1], 0, 1, 'float32', seed),
    y: tf.tensor1d(Array.from({ length: n }, (_, i) => (i * 7 + seed) % 3), 'int32'),
  }));
}

/** The losses and metrics of a run, and its final parameters as numbers. */
async function run(options: { threads: number; loss?: Loss; data: { x: Tensor; y: Tensor }; steps?: number; model?: typeof cnn }) {
  const model = options.model ?? cnn;
  const params = model.init(5);
  const events: TrainEvent[] = [];
  let final: number[] = [];
  try {
    for await (const e of train({ model, params, loss: options.loss ?? crossEntropy, optimizer: sgd(0.05), data: options.data, steps: options.steps ?? 6, threads: options.threads, metrics: { accuracy } })) {
      events.push({ ...e, params: undefined as unknown as Params });
      if (e.step === (options.steps ?? 6)) {
        final = leaves(e.params).flatMap((t) => Array.from(t.dataSync()));
        dispose(e.params);
      }
    }
  } finally {
    dispose(params);
  }
  return { losses: events.map((e) => e.loss), accuracy: events.map((e) => e.metrics.accuracy!), final };
}

/** Every worker still running is waiting in the pool: none was left working or orphaned. */
const noneBusy = () => vi.waitFor(() => expect(liveGradientWorkers()).toBe(idleGradientWorkers()));

afterAll(() => stopIdleGradientWorkers());

const close = (a: number[], b: number[], tol: number) => {
  expect(a.length).toBe(b.length);
  const worst = Math.max(...a.map((v, i) => Math.abs(v - b[i]!) / Math.max(1, Math.abs(b[i]!))));
  expect(worst).toBeLessThan(tol);
};

describe('shardSizes', () => {
  it('splits as evenly as it can, never into empty shards', () => {
    expect(shardSizes(64, 2)).toEqual([32, 32]);
    expect(shardSizes(7, 3)).toEqual([3, 2, 2]);
    expect(shardSizes(1, 4)).toEqual([1]);
  });
});

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`train with threads on ${backend}`, () => {
    let data: { x: Tensor; y: Tensor };
    beforeAll(async () => {
      await setBackend(backend);
      data = images(24, 1);
    });
    afterAll(() => tf.dispose([data.x, data.y]));

    it('takes the same steps as one thread: losses, whole-batch metrics and final parameters agree', async () => {
      const before = tf.memory().numTensors;
      const one = await run({ threads: 1, data });
      const two = await run({ threads: 2, data });
      const three = await run({ threads: 3, data: { x: tf.slice(data.x, 0, 23), y: tf.slice(data.y, 0, 23) } });
      expect(one.losses[5]).toBeLessThan(one.losses[0]!);
      close(two.losses, one.losses, 1e-5);
      close(two.final, one.final, 1e-5);
      // Accuracy is computed once over the whole batch from the shards' outputs, not per shard.
      expect(two.accuracy).toEqual(one.accuracy);
      const oneOf23 = await run({ threads: 1, data: { x: tf.slice(data.x, 0, 23), y: tf.slice(data.y, 0, 23) } });
      close(three.losses, oneOf23.losses, 1e-5); // shards of 8, 8 and 7
      close(three.final, oneOf23.final, 1e-5);
      expect(tf.memory().numTensors).toBe(before + 4); // only the two slices per 23-example batch made above
      await noneBusy();
    });

    it('rebuilds embedding, layerNorm and block models from their config in the workers', async () => {
      const bag = sequential([4], [
        embedding({ name: 'embed', vocab: 6, dim: 3 }),
        concat([[layerNorm({ name: 'ln' })], []], { name: 'cat' }),
        meanPool({ name: 'pool' }),
        residual([dense({ name: 'r', units: 6, activation: 'tanh' })], { name: 'res' }),
        dense({ name: 'out', units: 3 }),
      ]);
      const ids = { x: tf.tensor2d(Array.from({ length: 48 }, (_, i) => (i * 5) % 6), [12, 4], 'int32'), y: tf.tensor1d(Array.from({ length: 12 }, (_, i) => i % 3), 'int32') };
      const one = await run({ threads: 1, data: ids, model: bag as typeof cnn });
      const two = await run({ threads: 2, data: ids, model: bag as typeof cnn });
      expect(one.losses[5]).toBeLessThan(one.losses[0]!);
      close(two.losses, one.losses, 1e-5);
      close(two.final, one.final, 1e-5);
      tf.dispose([ids.x, ids.y]);
    });

    it('carries built-in losses to the workers: label smoothing and mse', async () => {
      const smooth = crossEntropyWith({ labelSmoothing: 0.2 });
      close((await run({ threads: 2, data, loss: smooth })).losses, (await run({ threads: 1, data, loss: smooth })).losses, 1e-5);
      const regression = { x: data.x, y: tf.oneHot(data.y, 3).toFloat() };
      close((await run({ threads: 2, data: regression, loss: mse })).losses, (await run({ threads: 1, data: regression, loss: mse })).losses, 1e-5);
      tf.dispose(regression.y);
    });

    it('frees everything and stops its workers after an abort mid-run', async () => {
      const params = cnn.init(1);
      const before = tf.memory().numTensors;
      const controller = new AbortController();
      let last: Params | undefined;
      const err = await (async () => {
        for await (const e of train({ model: cnn, params, loss: crossEntropy, optimizer: sgd(0.05), data, steps: 1000, threads: 2, signal: controller.signal })) {
          last = e.params;
          if (e.step === 3) controller.abort();
        }
      })().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TrainingAbortedError);
      expect((err as TrainingAbortedError).step).toBe(3);
      // Step 3's params are the caller's: the only tensors left.
      dispose(last!);
      expect(tf.memory().numTensors).toBe(before);
      await noneBusy();
      dispose(params);
    });

    it('a NaN in a worker’s shard stops the run with TrainingDivergedError at that step', async () => {
      const bad = tf.tidy(() => tf.concat([tf.slice(data.x, 0, 23), tf.fill([1, 8, 8, 1], NaN)]));
      const before = tf.memory().numTensors;
      const err = await run({ threads: 2, data: { x: bad, y: data.y } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TrainingDivergedError);
      expect((err as TrainingDivergedError).step).toBe(1);
      expect(tf.memory().numTensors).toBe(before);
      await noneBusy();
      bad.dispose();
    });

    it('runs a model with dropout (each shard draws its own mask from the step seed)', async () => {
      const withDropout = sequential([8, 8, 1], [flatten(), dense({ name: 'h', units: 16, activation: 'relu' }), dropout({ rate: 0.5 }), dense({ name: 'out', units: 3 })]);
      const a = await run({ threads: 2, data, model: withDropout, steps: 4 });
      const b = await run({ threads: 2, data, model: withDropout, steps: 4 });
      expect(a.losses).toEqual(b.losses); // seeded: repeatable
      expect(a.losses.every(Number.isFinite)).toBe(true);
    });
  });
}

describe('workers wait between runs', () => {
  it('a second run on the same backend takes the waiting worker; another backend gets its own; stopping the pool ends them', async () => {
    await setBackend('cpu');
    stopIdleGradientWorkers();
    await vi.waitFor(() => expect(liveGradientWorkers()).toBe(0));
    const data = images(12, 3);
    const first = spawnedGradientWorkers();
    const a = await run({ threads: 2, data, steps: 3 });
    expect(spawnedGradientWorkers()).toBe(first + 1);
    expect(idleGradientWorkers()).toBe(1);
    const b = await run({ threads: 2, data, steps: 3 });
    expect(spawnedGradientWorkers()).toBe(first + 1); // reused
    expect(b.losses).toEqual(a.losses); // and rebuilt for the run: the same steps again
    const other = sequential([8, 8, 1], [flatten(), dense({ name: 'out', units: 3 })]);
    const c = await run({ threads: 2, data, steps: 3, model: other });
    expect(spawnedGradientWorkers()).toBe(first + 1); // another model, same backend: reused too
    close(c.losses, (await run({ threads: 1, data, steps: 3, model: other })).losses, 1e-5);
    await setBackend('wasm');
    await run({ threads: 2, data, steps: 2 });
    expect(spawnedGradientWorkers()).toBe(first + 2);
    expect(idleGradientWorkers()).toBe(2);
    stopIdleGradientWorkers();
    expect(idleGradientWorkers()).toBe(0);
    await vi.waitFor(() => expect(liveGradientWorkers()).toBe(0));
    tf.dispose([data.x, data.y]);
  });
});

describe('train with threads: what cannot be split gets a clear error, and nothing is left running', () => {
  beforeAll(async () => {
    await setBackend('cpu');
  });
  it('a custom loss, a hand-written model, a loss that throws, a mismatched batch', async () => {
    const data = images(8, 2);
    const params = cnn.init(0);
    const before = tf.memory().numTensors;
    const attempt = (patch: Record<string, unknown>) =>
      (async () => {
        for await (const _ of train({ model: cnn, params, loss: crossEntropy, optimizer: sgd(0.1), data, steps: 2, threads: 2, ...patch } as never)) void _;
      })().catch((e: unknown) => e as Error);
    expect((await attempt({ loss: (o: Tensor, t: Tensor) => crossEntropy(o, t) }))!.message).toMatch(/threads > 1 .*needs a built-in loss: crossEntropy/);
    const { config: _config, ...handWritten } = cnn;
    expect((await attempt({ model: handWritten }))!.message).toMatch(/threads > 1 .*needs a model made by sequential/);
    const wrongTargets = tf.zeros([8, 5]); // soft targets for 5 classes; the model has 3
    expect((await attempt({ data: { x: data.x, y: wrongTargets }, metrics: { accuracy } }))!.message).toMatch(/soft targets must match the logits/);
    wrongTargets.dispose();
    const short = tf.zeros([5], 'int32');
    expect((await attempt({ data: { x: data.x, y: short } }))!.message).toMatch(/a batch has 8 inputs but 5 targets/);
    short.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await noneBusy();
    dispose(params);
    tf.dispose([data.x, data.y]);
  });
});

describe('gradient workers and the process around them', () => {
  it('a run dropped unfinished (no return(), no break) does not keep Node from exiting', () => {
    const script = `
      import { crossEntropy, dense, sequential, setBackend, tf, train, tree } from ${JSON.stringify(built('index.js'))};
      await setBackend('cpu');
      const model = sequential([4], [dense({ units: 8, activation: 'tanh' }), dense({ units: 2 })]);
      const x = tf.randomNormal([16, 4], 0, 1, 'float32', 1);
      const y = tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 2), 'int32');
      const sgd = { init: () => null, update: (g) => ({ updates: tree.scale(g, -0.1), state: null }) };
      const run = train({ model, loss: crossEntropy, optimizer: sgd, data: { x, y }, steps: 100, threads: 2 });
      const first = await run.next();
      console.log('step', first.value.step);`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out.trim()).toBe('step 1');
  });

  it('a worker script from another build of the package refuses to start, saying so', async () => {
    const worker = new Worker(built('parallel/gradient-worker.js'));
    try {
      const reply = await new Promise<Reply>((resolve) => {
        worker.once('message', resolve);
        worker.postMessage({ kind: 'init', protocol: PROTOCOL + 1, backend: 'cpu', model: cnn.config!, loss: { type: 'mse' } });
      });
      expect(reply.kind).toBe('error');
      expect(reply.kind === 'error' && reply.error.message).toMatch(new RegExp(`another build of @gradbook/core \\(protocol ${PROTOCOL}, the caller speaks ${PROTOCOL + 1}\\); rebuild`));
    } finally {
      await worker.terminate();
    }
  });
});
