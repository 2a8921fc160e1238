/**
 * core's `train` with the other packages: optim's transformations (Adam, a chain with clipping and
 * a schedule, SAM with its own gradient) and data's batch loaders and synthetic sets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accuracy, crossEntropy, dense, sequential, setBackend, tf, train, tree, type Params, type TrainEvent } from '@gradbook/core';
import { adam, chain, clipByGlobalNorm, sam, scaleByAdam, scaleByLearningRate, sgd, warmupCosineDecaySchedule } from '@gradbook/optim';
import { batchLoader, moons } from '@gradbook/data';

const model = sequential([2], [dense({ name: 'hidden', units: 32, activation: 'tanh' }), dense({ name: 'out', units: 2 })]);

async function last(run: AsyncGenerator<TrainEvent<Params>>): Promise<{ first: TrainEvent<Params>; last: TrainEvent<Params> }> {
  let first: TrainEvent<Params> | undefined;
  let end: TrainEvent<Params> | undefined;
  for await (const e of run) {
    first ??= { ...e, params: {} };
    end = e;
  }
  return { first: first!, last: end! };
}

describe.each(['cpu', 'wasm'] as const)('train with optim and data on %s', (backend) => {
  beforeAll(() => setBackend(backend));
  afterAll(() => setBackend('cpu'));

  it('Adam over a shuffled batch loader of moons: epochs, total and accuracy; no tensor left behind', async () => {
    const ds = moons({ n: 512, noise: 0.1, seed: 3 });
    const loader = batchLoader(ds, { batchSize: 64, seed: 1 });
    const params = model.init(0);
    const before = tf.memory().numTensors;
    const { first, last: end } = await last(train({ model, params, loss: crossEntropy, optimizer: adam(0.02), data: loader, epochs: 20, metrics: { accuracy } }));
    expect(first.total).toBe(160);
    expect(end.step).toBe(160);
    expect(end.epoch).toBe(19);
    expect(end.loss).toBeLessThan(first.loss / 3);
    const full = ds.toTensors();
    const acc = tf.tidy(() => accuracy(model.apply(end.params, full.x), full.y).dataSync()[0]!);
    expect(acc).toBeGreaterThan(0.95);
    tree.dispose(full.x, full.y);
    tree.dispose(end.params);
    expect(tf.memory().numTensors).toBe(before);
    tree.dispose(params);
  });

  it('a chain with gradient clipping and a warmup-cosine schedule learns, and its state is freed', async () => {
    const { x, y } = moons({ n: 256, noise: 0.1, seed: 4 }).toTensors();
    const params = model.init(1);
    const before = tf.memory().numTensors;
    const optimizer = chain(clipByGlobalNorm(1), scaleByAdam(), scaleByLearningRate(warmupCosineDecaySchedule({ peak: 0.05, warmupSteps: 20, decaySteps: 200 })));
    const { first, last: end } = await last(train({ model, params, loss: crossEntropy, optimizer, data: { x, y }, steps: 200 }));
    expect(end.loss).toBeLessThan(first.loss / 3);
    tree.dispose(end.params);
    expect(tf.memory().numTensors).toBe(before);
    tree.dispose(params, x, y);
  });

  it('SAM takes its own gradient: one train step equals sam.step by hand', async () => {
    const { x, y } = moons({ n: 64, noise: 0.1, seed: 5 }).toTensors();
    const params = model.init(2);
    const optimizer = sam({ base: sgd(0.1), rho: 0.05 });
    const { last: end } = await last(train({ model, params, loss: crossEntropy, optimizer, data: { x, y }, steps: 1 }));
    const byHand = optimizer.step((p: Params) => crossEntropy(model.apply(p, x), y), params, optimizer.init(params));
    const plain = await last(train({ model, params, loss: crossEntropy, optimizer: sgd(0.1), data: { x, y }, steps: 1 }));
    const diff = (a: Params, b: Params) => tf.tidy(() => { const lb = tree.flatten(b).leaves; return Math.max(...tree.flatten(a).leaves.map((t, i) => tf.max(tf.abs(tf.sub(t, lb[i]!))).dataSync()[0]!)); });
    expect(diff(end.params, byHand.params as Params)).toBeLessThan(1e-6);
    expect(diff(end.params, plain.last.params)).toBeGreaterThan(1e-5);
    tree.dispose(end.params, byHand.params, byHand.value, byHand.state, plain.last.params, params, x, y);
  });
});
