/**
 * `@gradbook/data`: how long MNIST takes to load from its IDX files, and how fast the batch loader
 * hands out shuffled batches of 128 — against an MLP training step (784-256-256-10, batch 128) on
 * the same backend in the same run, so data loading never bounds training. Two baselines: the step
 * as `@gradbook/core` runs it (`valueAndGrad` + SGD), and a hand-written backward pass with explicit
 * transposes (TFJS-FACTS' fast configuration), the quickest step this machine can take.
 */
import { crossEntropy, dense, sequential, setBackend, tf, tree, valueAndGrad } from '@gradbook/core';
import type { Params, Tensor } from '@gradbook/core';
import { batchLoader, loadMnist, spirals } from '@gradbook/data';
import { fmt, medianMs } from './timing.js';

const BATCH = 128;

function handStep(params: Record<string, Tensor>, x: Tensor, yOneHot: Tensor, lr: number): { loss: number; next: Record<string, Tensor> } {
  let loss = 0;
  const next = tf.tidy(() => {
    const { w1, b1, w2, b2, w3, b3 } = params;
    const h1 = tf.relu(tf.add(tf.matMul(x, w1), b1));
    const h2 = tf.relu(tf.add(tf.matMul(h1, w2), b2));
    const z = tf.add(tf.matMul(h2, w3), b3);
    const logp = tf.logSoftmax(z);
    const l = tf.neg(tf.mean(tf.sum(tf.mul(yOneHot, logp), 1)));
    loss = l.dataSync()[0]!;
    const dz = tf.div(tf.sub(tf.exp(logp), yOneHot), x.shape[0]);
    const dw3 = tf.matMul(tf.transpose(h2), dz);
    const dh2 = tf.mul(tf.matMul(dz, tf.transpose(w3)), tf.step(h2));
    const dw2 = tf.matMul(tf.transpose(h1), dh2);
    const dh1 = tf.mul(tf.matMul(dh2, tf.transpose(w2)), tf.step(h1));
    const dw1 = tf.matMul(tf.transpose(x), dh1);
    const upd = (p: Tensor, g: Tensor) => tf.sub(p, tf.mul(g, lr));
    return {
      w1: upd(w1, dw1), b1: upd(b1, tf.sum(dh1, 0)),
      w2: upd(w2, dw2), b2: upd(b2, tf.sum(dh2, 0)),
      w3: upd(w3, dw3), b3: upd(b3, tf.sum(dz, 0)),
    };
  });
  return { loss, next };
}

export default async function bench(): Promise<{ figures: Record<string, number>; lines: string[] }> {
  await setBackend('wasm');
  const backend = tf.getBackend();

  // MNIST load: parse both IDX files, validate, build the table.
  const trainLoadMs = await medianMs(async () => void (await loadMnist({ split: 'train' })), { warmup: 1, runs: 5 });
  const testLoadMs = await medianMs(async () => void (await loadMnist({ split: 'test' })), { warmup: 1, runs: 5 });
  const mnist = (await loadMnist({ split: 'train' })).reshape([784]);
  const describeMs = await medianMs(() => void mnist.describe(), { warmup: 1, runs: 3 });
  const spiralsMs = await medianMs(() => void spirals({ n: 10_000, seed: 1 }), { warmup: 2, runs: 7 });

  // Batching: whole shuffled epochs of batch 128 through the async iterator (tensors made and freed).
  const loader = batchLoader(mnist, { batchSize: BATCH, seed: 0, dropLast: true });
  let epoch = 0;
  const perBatch: number[] = [];
  const epochOfBatches = async () => {
    const t0 = performance.now();
    let n = 0;
    for await (const b of loader.batches(epoch++)) n += b.x.shape[0] === BATCH ? 1 : 0;
    perBatch.push((performance.now() - t0) / n);
  };

  // Baseline 1: the training step as core runs it.
  const model = sequential([784], [dense({ units: 256, activation: 'relu' }), dense({ units: 256, activation: 'relu' }), dense({ units: 10 })]);
  const batch = mnist.take(Array.from({ length: BATCH }, (_, i) => i)).toTensors();
  const oneHot = mnist.take(Array.from({ length: BATCH }, (_, i) => i)).toTensors({ oneHot: true });
  let params: Params = model.init(0);
  const vg = valueAndGrad((p: Params) => crossEntropy(model.apply(p, batch.x), batch.y));
  const coreStep = () => {
    const { value, grads } = vg(params);
    value.dataSync();
    // tidy: tree.axpy leaves its scalar per leaf behind (reported to core)
    const next = tf.tidy(() => tree.axpy(params, -0.01, grads) as never) as Params;
    tree.dispose(params, grads, value);
    params = next;
  };
  // Baseline 2: hand-written backward pass with explicit transposes.
  const init = (shape: number[], seed: number) => tf.randomNormal(shape, 0, Math.sqrt(2 / shape[0]!), 'float32', seed);
  let hand: Record<string, Tensor> = {
    w1: init([784, 256], 1), b1: tf.zeros([256]), w2: init([256, 256], 2), b2: tf.zeros([256]), w3: init([256, 10], 3), b3: tf.zeros([10]),
  };
  const handStepOnce = () => {
    const { next } = handStep(hand, batch.x, oneHot.y, 0.01);
    tf.dispose(Object.values(hand));
    hand = next;
  };

  const before = tf.memory().numTensors;
  const coreMs: number[] = [];
  const handMs: number[] = [];
  // Interleave, so load on the shared machine affects both sides alike.
  for (let round = 0; round < 3; round++) {
    await epochOfBatches();
    coreMs.push(await medianMs(coreStep, { warmup: 2, runs: 10 }));
    handMs.push(await medianMs(handStepOnce, { warmup: 2, runs: 10 }));
  }
  const leaked = tf.memory().numTensors - before;
  const med = (x: number[]) => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)]!;
  const batchMs = med(perBatch);
  const coreStepMs = med(coreMs);
  const handStepMs = med(handMs);
  tree.dispose(params, hand, batch, oneHot);

  const figures = {
    mnistTrainLoadMs: trainLoadMs,
    mnistTestLoadMs: testLoadMs,
    mnistDescribeMs: describeMs,
    spirals10kMs: spiralsMs,
    batchMs128: batchMs,
    batchesPerSec128: 1000 / batchMs,
    coreMlpStepMs: coreStepMs,
    handMlpStepMs: handStepMs,
    coreStepOverBatch: coreStepMs / batchMs,
    handStepOverBatch: handStepMs / batchMs,
    tensorsLeaked: leaked,
  };
  const lines = [
    `backend ${backend}`,
    `MNIST load (parse + validate + table): train 60k ${fmt(trainLoadMs)} ms, test 10k ${fmt(testLoadMs)} ms; describe() on 60k ${fmt(describeMs)} ms`,
    `spirals n=10,000: ${fmt(spiralsMs)} ms`,
    `batch loader, MNIST batch ${BATCH} shuffled: ${fmt(batchMs)} ms per batch = ${fmt(1000 / batchMs)} batches/s`,
    `MLP 784-256-256-10 step, batch ${BATCH}: core valueAndGrad + SGD ${fmt(coreStepMs)} ms, hand-written backward ${fmt(handStepMs)} ms`,
    `a step takes ${fmt(coreStepMs / batchMs)}× (core) / ${fmt(handStepMs / batchMs)}× (hand-written) as long as making its batch (goal ≥ 10×)`,
    `tensors left over: ${leaked}`,
  ];
  return { figures, lines };
}
