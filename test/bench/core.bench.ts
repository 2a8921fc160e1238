/**
 * The core benchmark (issue #2), on wasm, in one run:
 * - training steps per second of an MLP 784-256-256-10 (relu) at batch 128 and a small CNN
 *   (conv 3×3×32 relu `same`, pool 2, conv 3×3×64 relu `same`, pool 2, dense 10) on 28×28×1 at
 *   batch 64: Gradbook's `train` with `@gradbook/optim`'s `sgd`, against a plain TensorFlow.js loop
 *   (variables, `tf.variableGrads`, `tf.losses.softmaxCrossEntropy`, `tf.train.sgd`) on the same
 *   backend, and against PyTorch on the CPU (test/bench/torch_baseline.py, 2 threads) when
 *   `/usr/bin/python3 -c "import torch"` works;
 * - the CNN (and the MLP) again with `train({ threads: 2 })`, the batch split between this thread and
 *   a worker thread, against PyTorch's two threads;
 * - one Hessian-vector product against one gradient (tanh MLP 784-256-256-10 at batch 128, and the
 *   CNN at batch 64), as a cost ratio.
 *
 * Both loops read the loss back every step (`train` does, to yield it), and their steps alternate.
 * The machine is shared, so the whole comparison is repeated in `ROUNDS` rounds; each ratio is formed within a round, and the
 * figures are the medians over rounds, with the range (`…Min`, `…Max`) beside them.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { conv2d, crossEntropy, dense, flatten, hvp, maxPool2d, sequential, setBackend, tf, train, tree, valueAndGrad } from '@gradbook/core';
import type { Model, Params, Scalar, Tensor } from '@gradbook/core';
import { sgd } from '@gradbook/optim';
import { fmt, interleaved, median } from './timing.js';

const ROUNDS = Number(process.env.CORE_BENCH_ROUNDS ?? 3);
const PYTHON = '/usr/bin/python3';
const here = path.dirname(fileURLToPath(import.meta.url));

function mlpModel(act: 'relu' | 'tanh'): Model {
  return sequential([784], [
    dense({ name: 'h1', units: 256, activation: act }),
    dense({ name: 'h2', units: 256, activation: act }),
    dense({ name: 'out', units: 10 }),
  ]);
}

function cnnModel(): Model {
  return sequential([28, 28, 1], [
    conv2d({ name: 'c1', filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),
    maxPool2d({ name: 'p1', size: 2 }),
    conv2d({ name: 'c2', filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }),
    maxPool2d({ name: 'p2', size: 2 }),
    flatten(),
    dense({ name: 'out', units: 10 }),
  ]);
}

/**
 * Median ms per step of Gradbook's `train` (one `next()` of its generator is one step) and of a plain
 * tfjs loop, alternating step by step so that bursts of machine load hit both alike. When the plain
 * loop fails, its first error line is returned instead and Gradbook is timed alone.
 */
async function pairedSteps(
  model: Model,
  forward: (v: Record<string, Record<string, tf.Variable>>, x: Tensor) => Tensor,
  x: Tensor,
  y: Tensor,
  steps: number,
  warmup: number,
): Promise<{ ours: number; plain: number | string }> {
  const params = model.init(0);
  const run = train({ model, params, loss: crossEntropy, optimizer: sgd(0.01), data: { x, y }, steps: warmup + steps });
  const loop = plainLoop(model, forward, x, y);
  let plainError: string | undefined;
  const plainStep = async (): Promise<number> => {
    if (plainError) return NaN;
    const t = performance.now();
    try {
      await loop.step();
    } catch (err) {
      plainError = (err as Error).message.split('\n')[0]!;
    }
    return performance.now() - t;
  };
  const ours: number[] = [];
  const plain: number[] = [];
  let last: Params | undefined;
  for (let i = 0; i < warmup + steps; i++) {
    const first = i % 2 === 0;
    const p1 = first ? await plainStep() : NaN;
    const t = performance.now();
    const e = await run.next();
    const dt = performance.now() - t;
    const p2 = first ? NaN : await plainStep();
    if (!e.done) last = e.value.params;
    if (i >= warmup) {
      ours.push(dt);
      plain.push(first ? p1 : p2);
    }
  }
  await run.return(undefined);
  loop.dispose();
  tree.dispose(params, last);
  return { ours: median(ours), plain: plainError ?? median(plain) };
}

/**
 * Median ms per step of `train` with its batch split over `threads` threads (this one and worker
 * threads), and the ms until the first step is done, which includes starting the workers.
 */
async function threadedSteps(model: Model, x: Tensor, y: Tensor, threads: number, steps: number, warmup: number): Promise<{ ms: number; firstStepMs: number }> {
  const params = model.init(0);
  const started = performance.now();
  const run = train({ model, params, loss: crossEntropy, optimizer: sgd(0.01), data: { x, y }, steps: warmup + steps, threads });
  const times: number[] = [];
  let firstStepMs = NaN;
  let last: Params | undefined;
  for (let i = 0; i < warmup + steps; i++) {
    const t = performance.now();
    const e = await run.next();
    if (i === 0) firstStepMs = performance.now() - started;
    if (i >= warmup) times.push(performance.now() - t);
    if (!e.done) last = e.value.params;
  }
  await run.return(undefined);
  tree.dispose(params, last);
  return { ms: median(times), firstStepMs };
}

/** A plain TensorFlow.js training step: variables, tfjs's own gradients, `tf.train.sgd`. */
function plainLoop(model: Model, forward: (v: Record<string, Record<string, tf.Variable>>, x: Tensor) => Tensor, x: Tensor, y: Tensor) {
  const init = model.init(0);
  const vars = Object.fromEntries(
    Object.entries(init).map(([l, g]) => [l, Object.fromEntries(Object.entries(g).map(([k, t]) => [k, tf.variable(t)]))]),
  ) as Record<string, Record<string, tf.Variable>>;
  tree.dispose(init);
  const opt = tf.train.sgd(0.01);
  const labels = tf.oneHot(y, 10);
  const step = async () => {
    const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(labels, forward(vars, x)) as Scalar, true)!;
    await loss.data();
    loss.dispose();
  };
  const dispose = () => {
    tree.dispose(vars, labels);
    opt.dispose();
  };
  return { step, dispose };
}

const mlpForward = (v: Record<string, Record<string, tf.Variable>>, x: Tensor): Tensor => {
  const h1 = tf.relu(tf.add(tf.matMul(x as tf.Tensor2D, v.h1!.kernel!), v.h1!.bias!));
  const h2 = tf.relu(tf.add(tf.matMul(h1, v.h2!.kernel!), v.h2!.bias!));
  return tf.add(tf.matMul(h2, v.out!.kernel!), v.out!.bias!);
};

const cnnForward = (v: Record<string, Record<string, tf.Variable>>, x: Tensor): Tensor => {
  const c1 = tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, v.c1!.kernel! as tf.Tensor4D, 1, 'same'), v.c1!.bias!)) as tf.Tensor4D;
  const p1 = tf.maxPool(c1, 2, 2, 'valid');
  const c2 = tf.relu(tf.add(tf.conv2d(p1, v.c2!.kernel! as tf.Tensor4D, 1, 'same'), v.c2!.bias!)) as tf.Tensor4D;
  const p2 = tf.maxPool(c2, 2, 2, 'valid');
  return tf.add(tf.matMul(tf.reshape(p2, [p2.shape[0], -1]), v.out!.kernel!), v.out!.bias!);
};

/** Median ms of one gradient and one HVP of the model's loss, timed alternately. */
function hvpAndGrad(model: Model, x: Tensor, y: Tensor, runs: number): { grad: number; hvp: number } {
  const params = model.init(1);
  const v = tree.map(params, (p) => tf.randomNormal(p.shape, 0, 1, 'float32', 3)) as Params;
  const f = (p: Params): Scalar => crossEntropy(model.apply(p, x), y);
  const g = () => {
    const { value, grads } = valueAndGrad(f)(params);
    tree.leaves(grads)[0]!.dataSync();
    tree.dispose(value, grads);
  };
  const h = () => {
    const hv = hvp(f, params, v);
    tree.leaves(hv)[0]!.dataSync();
    tree.dispose(hv);
  };
  const [grad, hvpMs] = interleaved(g, h, runs);
  tree.dispose(params, v);
  return { grad, hvp: hvpMs };
}

function torchAvailable(): string | undefined {
  try {
    execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'pipe' });
    return undefined;
  } catch (err) {
    const text = String((err as { stderr?: Buffer }).stderr ?? err).trim().split('\n');
    return text[text.length - 1];
  }
}

function torchSteps(): { mlp: number; cnn: number } {
  const out = execFileSync(PYTHON, [path.join(here, 'torch_baseline.py')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out) as { mlp: number; cnn: number };
}

export default async function bench(): Promise<{ figures: Record<string, number>; lines: string[] }> {
  await setBackend('wasm');
  const lines: string[] = [];
  const figures: Record<string, number> = {};
  const noTorch = torchAvailable();
  if (noTorch) lines.push(`PyTorch: not available (${PYTHON} -c "import torch": ${noTorch}); no PyTorch ratios`);

  const x = tf.randomUniform([128, 784], 0, 1, 'float32', 1);
  const y = tf.tensor1d(Array.from({ length: 128 }, (_, i) => i % 10), 'int32');
  const xi = tf.randomUniform([64, 28, 28, 1], 0, 1, 'float32', 2);
  const yi = tf.tensor1d(Array.from({ length: 64 }, (_, i) => i % 10), 'int32');
  const mlp = mlpModel('relu');
  const tanhMlp = mlpModel('tanh');
  const cnn = cnnModel();

  const series: Record<string, number[]> = {};
  const record = (name: string, value: number) => (series[name] ??= []).push(value);
  let cnnPlainError: string | undefined;

  for (let round = 0; round < ROUNDS; round++) {
    const mlpRun = await pairedSteps(mlp, mlpForward, x, y, 30, 5);
    const cnnRun = await pairedSteps(cnn, cnnForward, xi, yi, 10, 2);
    const [mlpMs, mlpPlain, cnnMs, cnnPlain] = [mlpRun.ours, mlpRun.plain, cnnRun.ours, cnnRun.plain];
    const cnn2 = await threadedSteps(cnn, xi, yi, 2, 10, 2);
    const mlp2 = await threadedSteps(mlp, x, y, 2, 30, 5);
    record('cnnThreads2StepsPerSec', 1000 / cnn2.ms);
    record('cnnThreads2OverOne', cnnMs / cnn2.ms);
    // The first round starts a worker; later rounds find it waiting from the run before.
    record(round === 0 ? 'cnnThreads2FirstStepNewWorkerMs' : 'cnnThreads2FirstStepWaitingWorkerMs', cnn2.firstStepMs);
    record('mlpThreads2StepsPerSec', 1000 / mlp2.ms);
    record('mlpThreads2OverOne', mlpMs / mlp2.ms);
    record('mlpStepsPerSec', 1000 / mlpMs);
    if (typeof mlpPlain === 'number') {
      record('mlpPlainTfjsStepsPerSec', 1000 / mlpPlain);
      record('mlpVsPlainTfjs', mlpPlain / mlpMs);
    }
    record('cnnStepsPerSec', 1000 / cnnMs);
    if (typeof cnnPlain === 'number') {
      record('cnnPlainTfjsStepsPerSec', 1000 / cnnPlain);
      record('cnnVsPlainTfjs', cnnPlain / cnnMs);
    } else cnnPlainError = cnnPlain;
    if (!noTorch) {
      const t = torchSteps();
      record('mlpTorchStepsPerSec', t.mlp);
      record('cnnTorchStepsPerSec', t.cnn);
      record('mlpVsTorch', 1000 / mlpMs / t.mlp);
      record('cnnVsTorch', 1000 / cnnMs / t.cnn);
      record('cnnThreads2VsTorch', 1000 / cnn2.ms / t.cnn);
    }
    const hm = hvpAndGrad(tanhMlp, x, y, 15);
    record('mlpGradMs', hm.grad);
    record('mlpHvpMs', hm.hvp);
    record('mlpHvpOverGrad', hm.hvp / hm.grad);
    const hc = hvpAndGrad(cnn, xi, yi, 7);
    record('cnnGradMs', hc.grad);
    record('cnnHvpMs', hc.hvp);
    record('cnnHvpOverGrad', hc.hvp / hc.grad);
  }

  for (const [name, xs] of Object.entries(series)) {
    figures[name] = median(xs);
    figures[`${name}Min`] = Math.min(...xs);
    figures[`${name}Max`] = Math.max(...xs);
  }
  const r = (name: string) => {
    const xs = series[name];
    if (!xs) return '—';
    return xs.length === 1 ? fmt(xs[0]!) : `${fmt(median(xs))} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})`;
  };
  const check = (name: string, ok: (v: number) => boolean) => (series[name] ? (ok(figures[name]!) ? 'holds' : 'MISSED') : 'not measured');
  lines.push(`wasm, ${ROUNDS} rounds; medians over rounds (min–max)`);
  lines.push(`MLP 784-256-256-10, batch 128, train + sgd: gradbook ${r('mlpStepsPerSec')} steps/s; plain tfjs ${r('mlpPlainTfjsStepsPerSec')} steps/s; PyTorch ${r('mlpTorchStepsPerSec')} steps/s`);
  lines.push(`  vs plain tfjs ${r('mlpVsPlainTfjs')}× (target ≥ 5: ${check('mlpVsPlainTfjs', (v) => v >= 5)}); vs PyTorch ${r('mlpVsTorch')}× (target ≥ 0.25: ${check('mlpVsTorch', (v) => v >= 0.25)})`);
  lines.push(`CNN 28×28×1, batch 64, train + sgd: gradbook ${r('cnnStepsPerSec')} steps/s; plain tfjs ${cnnPlainError ? `fails: ${cnnPlainError}` : `${r('cnnPlainTfjsStepsPerSec')} steps/s`}; PyTorch ${r('cnnTorchStepsPerSec')} steps/s`);
  lines.push(`  one thread: vs PyTorch ${r('cnnVsTorch')}×`);
  lines.push(`  threads: 2 (this thread + one worker; PyTorch runs 2 threads too): ${r('cnnThreads2StepsPerSec')} steps/s, ${r('cnnThreads2OverOne')}× one thread, first step after ${r('cnnThreads2FirstStepNewWorkerMs')} ms with a new worker, ${r('cnnThreads2FirstStepWaitingWorkerMs')} ms with one waiting from the previous run`);
  lines.push(`  threads: 2 vs PyTorch ${r('cnnThreads2VsTorch')}× (target ≥ 0.25: ${check('cnnThreads2VsTorch', (v) => v >= 0.25)})`);
  lines.push(`MLP with threads: 2: ${r('mlpThreads2StepsPerSec')} steps/s, ${r('mlpThreads2OverOne')}× one thread (sending 270k parameters each step outweighs half a batch)`);
  lines.push(`HVP / gradient, tanh MLP batch 128: ${r('mlpHvpOverGrad')}× (gradient ${r('mlpGradMs')} ms, HVP ${r('mlpHvpMs')} ms; target ≤ 3: ${check('mlpHvpOverGrad', (v) => v <= 3)})`);
  lines.push(`HVP / gradient, CNN batch 64: ${r('cnnHvpOverGrad')}× (gradient ${r('cnnGradMs')} ms, HVP ${r('cnnHvpMs')} ms; target ≤ 3: ${check('cnnHvpOverGrad', (v) => v <= 3)})`);
  if (cnnPlainError) figures.cnnPlainTfjsFails = 1;
  tree.dispose(x, y, xi, yi);
  return { figures, lines };
}
