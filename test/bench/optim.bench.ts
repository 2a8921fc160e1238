/**
 * One Adam update of a 1M-parameter tree (a 784-1024-192 MLP's kernels and biases, 1,000,640
 * parameters): Gradbook's `adam` (update + applyUpdates + freeing the old tensors) against
 * `tf.train.adam().applyGradients` on the same backend, interleaved (alternating which goes first),
 * medians of 31 runs each on wasm and 9 on cpu.
 */
import { setBackend, tf, tree } from '@gradbook/core';
import type { TensorTree } from '@gradbook/core';
import { adam, applyUpdates } from '@gradbook/optim';
import { fmt } from './timing.js';

const SHAPES: Record<string, number[]> = {
  'l1.kernel': [784, 1024],
  'l1.bias': [1024],
  'l2.kernel': [1024, 192],
  'l2.bias': [192],
};

async function one(backend: 'wasm' | 'cpu', runs: number): Promise<{ ours: number; theirs: number; count: number }> {
  await setBackend(backend);
  const make = (seed: number) => Object.fromEntries(Object.entries(SHAPES).map(([k, s], i) => [k, tf.randomNormal(s, 0, 0.1, 'float32', seed + i)]));
  const grads = make(100) as TensorTree;
  // Gradbook
  let params = make(1) as TensorTree;
  const opt = adam({ learningRate: 1e-3 });
  let state = opt.init(params);
  const ours = () => {
    const { updates, state: next } = opt.update(grads, state, params);
    const np = applyUpdates(params, updates);
    tree.dispose(updates, params);
    tree.disposeReplaced(state, next);
    state = next;
    params = np;
  };
  // tf.train.adam on variables of the same shapes
  const vars = Object.fromEntries(Object.entries(make(1)).map(([k, t]) => [k, tf.variable(t, true, `bench_${backend}_${k}`)]));
  const named: Record<string, tf.Tensor> = Object.fromEntries(Object.entries(vars).map(([k, v]) => [v.name, (grads as Record<string, tf.Tensor>)[k]!]));
  const baseline = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
  const theirs = () => baseline.applyGradients(named as never);

  for (let i = 0; i < 3; i++) {
    ours();
    theirs();
  }
  const a: number[] = [];
  const b: number[] = [];
  const time = (fn: () => void, into: number[]) => {
    const t0 = performance.now();
    fn();
    into.push(performance.now() - t0);
  };
  for (let i = 0; i < runs; i++) {
    // alternate which goes first, so drifting machine load hits both sides alike
    if (i % 2 === 0) {
      time(ours, a);
      time(theirs, b);
    } else {
      time(theirs, b);
      time(ours, a);
    }
  }
  const med = (x: number[]) => x.sort((p, q) => p - q)[Math.floor(x.length / 2)]!;
  const count = tree.count(params);
  tree.dispose(params, state, grads, vars);
  baseline.dispose();
  return { ours: med(a), theirs: med(b), count };
}

export default async function bench(): Promise<{ figures: Record<string, number>; lines: string[] }> {
  const figures: Record<string, number> = {};
  const lines: string[] = [];
  for (const [backend, runs] of [['wasm', 31], ['cpu', 9]] as const) {
    const r = await one(backend, runs);
    figures[`adam_1M_${backend}_ms`] = r.ours;
    figures[`tf_train_adam_1M_${backend}_ms`] = r.theirs;
    figures[`adam_1M_${backend}_ratio`] = r.ours / r.theirs;
    lines.push(
      `adam update of ${r.count.toLocaleString('en')} parameters on ${backend}: gradbook ${fmt(r.ours)} ms, tf.train.adam ${fmt(r.theirs)} ms, ratio ${fmt(r.ours / r.theirs)} (target ≤ 1.2)`,
    );
  }
  await setBackend('cpu');
  return { figures, lines };
}
