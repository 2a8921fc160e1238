import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs';
import { setBackend } from '../backend.js';
import { tf } from '../tf.js';
import { sequential } from '../model/sequential.js';
import { dense } from '../layers/dense.js';
import { dropout } from '../layers/dropout.js';
import { crossEntropy } from '../losses/cross-entropy.js';
import { accuracy } from '../losses/accuracy.js';
import type { GradientTransformation } from '../gradient-transformation.js';
import type { TensorTree } from '../tree/types.js';
import { train, type TrainEvent } from './train.js';
import { TrainingAbortedError, TrainingDivergedError } from './errors.js';
import { GradbookError } from '../errors.js';

// Core cannot depend on @gradbook/optim (it depends on core), so the tests bring their own
// transformations: plain SGD, and heavy-ball momentum for an optimizer that carries state.
function sgd(lr: number): GradientTransformation<null> {
  return {
    init: () => null,
    update: (g) => ({ updates: mapTree(g, (t) => tf.mul(t, -lr)), state: null }),
  };
}

function momentum(lr: number, beta = 0.9): GradientTransformation<TensorTree> {
  return {
    init: (p) => mapTree(p, (t) => tf.zerosLike(t)),
    update: (g, v) => {
      const next = zipTree(v, g, (a, b) => tf.add(tf.mul(a, beta), b));
      return { updates: mapTree(next, (t) => tf.mul(t, -lr)), state: next };
    },
  };
}

function mapTree(t: TensorTree, f: (x: Tensor) => Tensor): TensorTree {
  if (t instanceof tf.Tensor) return f(t);
  return Object.fromEntries(Object.entries(t as Record<string, TensorTree>).map(([k, v]) => [k, mapTree(v, f)])) as TensorTree;
}

function zipTree(a: TensorTree, b: TensorTree, f: (x: Tensor, y: Tensor) => Tensor): TensorTree {
  if (a instanceof tf.Tensor) return f(a, b as Tensor);
  const bb = b as Record<string, TensorTree>;
  return Object.fromEntries(Object.entries(a as Record<string, TensorTree>).map(([k, v]) => [k, zipTree(v, bb[k]!, f)])) as TensorTree;
}

/** Two interleaved half-moons-ish clusters: separable by a small tanh network, not by a line. */
function xorData(n: number): { x: Tensor; y: Tensor } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = ((i * 7919) % 1000) / 500 - 1;
    const b = ((i * 104729) % 1000) / 500 - 1;
    xs.push(a, b);
    ys.push(a * b > 0 ? 1 : 0);
  }
  return { x: tf.tensor2d(xs, [n, 2]), y: tf.tensor1d(ys, 'int32') };
}

const model = sequential([2], [dense({ name: 'hidden', units: 16, activation: 'tanh' }), dense({ name: 'out', units: 2 })]);

async function collect<P extends TensorTree>(run: AsyncGenerator<TrainEvent<any>>): Promise<TrainEvent<any>[]> {
  const events: TrainEvent<any>[] = [];
  for await (const e of run) events.push({ ...e, params: undefined as unknown as P });
  return events;
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`train on ${backend}`, () => {
    let data: { x: Tensor; y: Tensor };
    beforeAll(async () => {
      await setBackend(backend);
      data = xorData(256);
    });
    afterAll(() => {
      tf.dispose([data.x, data.y]);
    });

    it('learns XOR-like data: loss falls, accuracy rises, events count steps and epochs', async () => {
      const params = model.init(1);
      const events: TrainEvent[] = [];
      let last: TrainEvent | undefined;
      for await (const e of train({ model, params, loss: crossEntropy, optimizer: momentum(0.1), data, steps: 300, metrics: { accuracy } })) {
        events.push(e);
        last = e;
      }
      expect(events.map((e) => e.step)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
      expect(events.every((e) => e.total === 300)).toBe(true);
      expect(events[0]!.epoch).toBe(0);
      expect(events[299]!.epoch).toBe(299); // one batch: an epoch per step
      expect(events[299]!.loss).toBeLessThan(events[0]!.loss * 0.5);
      expect(events[299]!.metrics['accuracy']).toBeGreaterThan(0.85);
      // The starting params are untouched and still usable; the last params are ours to free.
      expect(params['hidden']!['kernel']!.isDisposed).toBe(false);
      tf.dispose(Object.values(last!.params).flatMap((g) => Object.values(g)));
      tf.dispose(Object.values(params).flatMap((g) => Object.values(g)));
    });

    it('frees everything it made: 1000 steps with optimizer state and metrics leave tf.memory() as it was', async () => {
      const params = model.init(2);
      const before = tf.memory();
      let last: TrainEvent | undefined;
      for await (const e of train({ model, params, loss: crossEntropy, optimizer: momentum(0.05), data, steps: 1000, metrics: { accuracy } })) last = e;
      const leaves = Object.values(last!.params).flatMap((g) => Object.values(g));
      expect(leaves).toHaveLength(4);
      tf.dispose(leaves);
      const after = tf.memory();
      expect(after.numTensors).toBe(before.numTensors);
      expect(after.numBytes).toBe(before.numBytes);
      tf.dispose(Object.values(params).flatMap((g) => Object.values(g)));
    });

    it('an abort stops the run at the next step with an AbortError naming the step, and frees its tensors', async () => {
      const params = model.init(3);
      const before = tf.memory().numTensors;
      const controller = new AbortController();
      const seen: number[] = [];
      let last: TrainEvent | undefined;
      const run = async () => {
        for await (const e of train({ model, params, loss: crossEntropy, optimizer: momentum(0.05), data, steps: 1000, signal: controller.signal })) {
          seen.push(e.step);
          last = e;
          if (e.step === 7) controller.abort(new Error('user pressed stop'));
        }
      };
      const err = await run().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TrainingAbortedError);
      expect((err as TrainingAbortedError).name).toBe('AbortError');
      expect((err as TrainingAbortedError).step).toBe(7);
      expect((err as Error).message).toContain('user pressed stop');
      expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
      // The user who stopped the run keeps its last parameters: usable, and theirs to free.
      const kept = Object.values(last!.params).flatMap((g) => Object.values(g));
      expect(kept.some((t) => t.isDisposed)).toBe(false);
      expect(tf.tidy(() => model.apply(last!.params, data.x).arraySync()).length).toBe(256);
      expect(tf.memory().numTensors).toBe(before + kept.length);
      tf.dispose(kept);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose(Object.values(params).flatMap((g) => Object.values(g)));
    });

    it('an abort from a timer is seen mid-run: the loop yields to the event loop between steps', async () => {
      const params = model.init(7);
      const before = tf.memory().numTensors;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new Error('time is up')), 20);
      let last = 0;
      let lastParams: TrainEvent['params'] | undefined;
      const err = await (async () => {
        for await (const e of train({ model, params, loss: crossEntropy, optimizer: momentum(0.05), data, steps: 100_000, signal: controller.signal })) {
          last = e.step;
          lastParams = e.params;
        }
      })().catch((e: unknown) => e);
      clearTimeout(timer);
      expect(err).toBeInstanceOf(TrainingAbortedError);
      expect((err as TrainingAbortedError).step).toBe(last);
      expect(last).toBeGreaterThan(0);
      expect(last).toBeLessThan(100_000);
      const kept = Object.values(lastParams!).flatMap((g) => Object.values(g));
      expect(tf.memory().numTensors).toBe(before + kept.length);
      tf.dispose(kept);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose(Object.values(params).flatMap((g) => Object.values(g)));
    });

    it('breaking out of the loop keeps the last params and frees the rest', async () => {
      const params = model.init(4);
      const before = tf.memory().numTensors;
      let kept: TrainEvent | undefined;
      for await (const e of train({ model, params, loss: crossEntropy, optimizer: momentum(0.05), data, steps: 100 })) {
        kept = e;
        if (e.step === 10) break;
      }
      expect(kept!.step).toBe(10);
      expect(tf.memory().numTensors).toBe(before + 4);
      tf.dispose(Object.values(kept!.params).flatMap((g) => Object.values(g)));
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose(Object.values(params).flatMap((g) => Object.values(g)));
    });

    it('a diverging run stops with TrainingDivergedError naming the step, and frees its tensors', async () => {
      const params = model.init(5);
      const before = tf.memory().numTensors;
      // The third batch holds a NaN: the loss on step 3 is NaN.
      const bad = { x: tf.tensor2d([0.5, NaN, 0.1, 0.2], [2, 2]), y: tf.tensor1d([0, 1], 'int32') };
      const batches = [data, data, bad, data];
      const seen: number[] = [];
      let last: TrainEvent | undefined;
      const err = await (async () => {
        for await (const e of train({ model, params, loss: crossEntropy, optimizer: momentum(0.05), data: batches, epochs: 1 })) {
          seen.push(e.step);
          last = e;
        }
      })().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TrainingDivergedError);
      expect((err as TrainingDivergedError).step).toBe(3);
      expect((err as Error).message).toMatch(/NaN at step 3\b/);
      expect(seen).toEqual([1, 2]);
      tf.dispose([bad.x, bad.y]);
      // Step 2's parameters, the last good ones, are the caller's; step 3's NaN ones were freed.
      const kept = Object.values(last!.params).flatMap((g) => Object.values(g));
      expect(kept.some((t) => t.isDisposed)).toBe(false);
      expect(kept.every((t) => Array.from(t.dataSync()).every(Number.isFinite))).toBe(true);
      expect(tf.memory().numTensors).toBe(before + kept.length);
      tf.dispose(kept);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose(Object.values(params).flatMap((g) => Object.values(g)));
    });

    it('a batch with a label outside the classes stops the run, naming the step, the label and its index', async () => {
      const params = model.init(6);
      const before = tf.memory().numTensors;
      const bad = { x: tf.tensor2d([0.5, 0.1, 0.1, 0.2, 0.3, 0.3], [3, 2]), y: tf.tensor1d([1, 0, 7], 'int32') };
      const seen: number[] = [];
      let kept: TrainEvent | undefined;
      const err = await (async () => {
        for await (const e of train({ model, params, loss: crossEntropy, optimizer: momentum(0.05), data: [data, bad], epochs: 1 })) {
          seen.push(e.step);
          kept = e;
        }
      })().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GradbookError);
      expect((err as Error).message).toMatch(/^train\(data\), step 2: label 7 at index 2 is not a class of a 2-class output/);
      expect(seen).toEqual([1]);
      tf.dispose(Object.values(kept!.params).flatMap((g) => Object.values(g)));
      const negative = { x: bad.x, y: tf.tensor1d([0, -1, 1], 'int32') };
      const err2 = await collect(train({ model, params, loss: crossEntropy, optimizer: momentum(0.05), data: negative, steps: 3 })).catch((e: unknown) => e);
      expect((err2 as Error).message).toMatch(/label -1 at index 1\b/);
      tf.dispose([bad.x, bad.y, negative.y]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose(Object.values(params).flatMap((g) => Object.values(g)));
    });

    it('an empty batch stops the run with an error saying so (not one from an op inside the gradient)', async () => {
      const params = model.init(6);
      const before = tf.memory().numTensors;
      const empty = { x: tf.zeros([0, 2]), y: tf.zeros([0], 'int32') };
      const err = await collect(train({ model, params, loss: crossEntropy, optimizer: momentum(0.05), data: empty, steps: 3 })).catch((e: unknown) => e);
      expect((err as Error).message).toBe('train(data), step 1: the batch is empty (x has shape [0, 2]); every batch needs at least one example');
      tf.dispose([empty.x, empty.y]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose(Object.values(params).flatMap((g) => Object.values(g)));
    });

    it('epochs over an array of batches: epoch numbers, total, validation metrics every n steps', async () => {
      const params = model.init(6);
      const batches = [0, 1, 2, 3].map((i) => ({ x: data.x.slice([i * 64, 0], [64, 2]), y: data.y.slice([i * 64], [64]) }));
      const events = await collect(
        train({ model, params, loss: crossEntropy, optimizer: sgd(0.3), data: batches, epochs: 3, validation: { data, every: 5 }, metrics: { accuracy } }),
      );
      expect(events).toHaveLength(12);
      expect(events.map((e) => e.epoch)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
      expect(events[0]!.total).toBe(12);
      const withVal = events.filter((e) => 'val_loss' in e.metrics).map((e) => e.step);
      expect(withVal).toEqual([5, 10, 12]);
      expect(events[11]!.metrics['val_accuracy']).toBeGreaterThanOrEqual(0);
      tf.dispose(batches.flatMap((b) => [b.x, b.y]));
      tf.dispose(Object.values(params).flatMap((g) => Object.values(g)));
    });

    it('dropout gets a fresh mask each step from the seed: two runs with one seed agree, another seed differs', async () => {
      const dropModel = sequential([2], [dense({ name: 'hidden', units: 32, activation: 'tanh' }), dropout({ name: 'drop', rate: 0.5 }), dense({ name: 'out', units: 2 })]);
      const params = dropModel.init(0);
      const losses = async (seed: number) => (await collect(train({ model: dropModel, params, loss: crossEntropy, optimizer: sgd(0.1), data, steps: 5, seed }))).map((e) => e.loss);
      const a = await losses(1);
      const b = await losses(1);
      const c = await losses(2);
      expect(a).toEqual(b);
      expect(a).not.toEqual(c);
      expect(new Set(a.slice(1)).size).toBe(4);
      tf.dispose(Object.values(params).flatMap((g) => Object.values(g)));
    });
  });
}

describe('train: bad options get a clear error before any tensor is made', () => {
  const params = model.init(0);
  const base = { model, params, loss: crossEntropy, optimizer: sgd(0.1), data: { x: tf.zeros([4, 2]), y: tf.zeros([4], 'int32') }, steps: 3 };
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['no budget', { steps: undefined }, /give steps or epochs/],
    ['fractional steps', { steps: 2.5 }, /steps.*whole number/],
    ['no optimizer', { optimizer: {} }, /gradient transformation/],
    ['data of the wrong kind', { data: 42 }, /data must be a batch/],
    ['no model', { model: null }, /expected a model/],
    ['zero threads', { threads: 0 }, /train\(threads\).*whole number ≥ 1, got 0/],
    ['fractional threads', { threads: 1.5 }, /train\(threads\).*whole number/],
    ['threads with an optimizer that brings its own gradient', { threads: 2, optimizer: { ...sgd(0.1), gradient: () => undefined } }, /computes its own gradient.*use threads: 1/],
  ];
  for (const [what, patch, message] of cases) {
    it(what, async () => {
      const before = tf.memory().numTensors;
      const err = await collect(train({ ...base, ...patch } as never)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GradbookError);
      expect((err as Error).message).toMatch(message);
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});

describe('train with a loss that throws', () => {
  it('frees everything, the output kept for metrics included', async () => {
    await setBackend('cpu');
    const data = { x: tf.zeros([8, 2]), y: tf.zeros([8, 3]) }; // soft targets for 3 classes; the model has 2
    const params = model.init(1);
    const before = tf.memory().numTensors;
    const err = await collect(train({ model, params, loss: crossEntropy, optimizer: momentum(0.1), data, steps: 3, metrics: { accuracy } })).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/crossEntropy\(target\): soft targets must match the logits \[8, ?2\]/);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([data.x, data.y, ...Object.values(params).flatMap((g) => Object.values(g))]);
  });
});

describe('train without params', () => {
  it('starts from model.init(seed) and frees those params itself: only the last event is left', async () => {
    await setBackend('cpu');
    const data = xorData(64);
    const before = tf.memory().numTensors;
    let last: TrainEvent | undefined;
    let first: TrainEvent | undefined;
    for await (const e of train({ model, loss: crossEntropy, optimizer: momentum(0.05), data, steps: 20, seed: 3 })) {
      first ??= { ...e };
      last = e;
    }
    // The same run from explicit model.init(3) gives the same first loss.
    const params = model.init(3);
    for await (const e of train({ model, params, loss: crossEntropy, optimizer: momentum(0.05), data, steps: 1, seed: 3 })) {
      expect(e.loss).toBeCloseTo(first!.loss, 6);
      tf.dispose(Object.values(e.params).flatMap((g) => Object.values(g)));
    }
    tf.dispose(Object.values(params).flatMap((g) => Object.values(g)));
    const leaves = Object.values(last!.params).flatMap((g) => Object.values(g));
    expect(tf.memory().numTensors).toBe(before + leaves.length);
    tf.dispose(leaves);
    // A run aborted before it starts, and one the consumer leaves after its first step, leave nothing either.
    const controller = new AbortController();
    controller.abort();
    await collect(train({ model, loss: crossEntropy, optimizer: momentum(0.05), data, steps: 5, signal: controller.signal })).catch(() => undefined);
    for await (const e of train({ model, loss: crossEntropy, optimizer: momentum(0.05), data, steps: 5 })) {
      tf.dispose(Object.values(e.params).flatMap((g) => Object.values(g)));
      break;
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([data.x, data.y]);
  });
});
