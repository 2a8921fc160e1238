/**
 * Attribution benchmarks on wasm:
 * - Integrated Gradients with 50 trapezoid steps for one input: all path points in one batch
 *   (`batchSize` 64) against one path point per pass (`batchSize` 1). Figures: the speed-up for a
 *   784-256-10 relu MLP (`igSpeedup`) and for a small 28×28 CNN (conv 3×3×8 relu, pool, conv
 *   3×3×16 relu, pool, dense 10; `igSpeedupCnn`), where per-row conv cost dominates.
 * - The loss Hessian-vector product (core's `hvp`) of a 784-128-10 tanh MLP on a batch of 128,
 *   against one gradient (`valueAndGrad`) of the same loss. Figure: the cost ratio.
 * Medians of interleaved runs.
 */
import { conv2d, crossEntropy, dense, flatten, hvp, maxPool2d, sequential, setBackend, tf, tree, valueAndGrad } from '@gradbook/core';
import type { Params, Scalar } from '@gradbook/core';
import { integratedGradients } from '@gradbook/attribution';
import { fmt, interleaved } from './timing.js';

export default async function bench(): Promise<{ figures: Record<string, number>; lines: string[] }> {
  await setBackend('wasm');
  const lines: string[] = [];
  const figures: Record<string, number> = {};

  // Integrated Gradients, batched vs one point at a time: an MLP on a flat 784-vector…
  const mlpIg = sequential([784], [dense({ name: 'hidden', units: 256, activation: 'relu' }), dense({ name: 'out', units: 10 })]);
  const mlpIgParams = mlpIg.init(0);
  const flat = tf.randomUniform([1, 784], 0, 1, 'float32', 1);
  const igMlp = (batchSize: number) => () => {
    const r = integratedGradients({ model: mlpIg, params: mlpIgParams, x: flat, target: 3, steps: 50, batchSize });
    r.attributions.dataSync();
    tree.dispose(r);
  };
  const [mb, ms] = interleaved(igMlp(64), igMlp(1), 21);
  figures.igBatchedMs = mb;
  figures.igOnePointMs = ms;
  figures.igSpeedup = ms / mb;
  lines.push(`IG, 50 steps, one 784-vector, 784-256-10 MLP: batched ${fmt(mb)} ms, one point per pass ${fmt(ms)} ms → ${fmt(ms / mb)}× faster (target ≥ 5×)`);

  // …and a small CNN on one 28×28 image.
  const cnn = sequential([28, 28, 1], [
    conv2d({ name: 'conv1', filters: 8, kernelSize: 3, activation: 'relu' }),
    maxPool2d({ size: 2 }),
    conv2d({ name: 'conv2', filters: 16, kernelSize: 3, activation: 'relu' }),
    maxPool2d({ size: 2 }),
    flatten(),
    dense({ name: 'logits', units: 10 }),
  ]);
  const cnnParams = cnn.init(0);
  const image = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 1);
  const ig = (batchSize: number) => () => {
    const r = integratedGradients({ model: cnn, params: cnnParams, x: image, target: 3, steps: 50, batchSize });
    r.attributions.dataSync();
    tree.dispose(r);
  };
  const [batched, single] = interleaved(ig(64), ig(1), 7);
  figures.igCnnBatchedMs = batched;
  figures.igCnnOnePointMs = single;
  figures.igSpeedupCnn = single / batched;
  lines.push(`IG, 50 steps, one 28×28 image, small CNN: batched ${fmt(batched)} ms, one point per pass ${fmt(single)} ms → ${fmt(single / batched)}× faster`);

  // HVP against one gradient.
  const mlp = sequential([784], [dense({ name: 'hidden', units: 128, activation: 'tanh' }), dense({ name: 'out', units: 10 })]);
  const params = mlp.init(0);
  const x = tf.randomNormal([128, 784], 0, 1, 'float32', 2);
  const y = tf.tensor1d(Array.from({ length: 128 }, (_, i) => i % 10), 'int32');
  const f = (p: Params): Scalar => crossEntropy(mlp.apply(p, x), y);
  const v = tree.map(params, (p) => tf.randomNormal(p.shape, 0, 1, 'float32', 3)) as Params;
  const gradOnce = () => {
    const { value, grads } = valueAndGrad(f)(params);
    tree.leaves(grads)[0]!.dataSync();
    tree.dispose(value, grads);
  };
  const hvpOnce = () => {
    const hv = hvp(f, params, v);
    tree.leaves(hv)[0]!.dataSync();
    tree.dispose(hv);
  };
  const [g, h] = interleaved(gradOnce, hvpOnce, 31);
  figures.gradientMs = g;
  figures.hvpMs = h;
  figures.hvpCostRatio = h / g;
  lines.push(`784-128-10 tanh MLP, batch 128, cross-entropy: gradient ${fmt(g)} ms, HVP ${fmt(h)} ms → ${fmt(h / g)}× a gradient (target ≤ 3×)`);

  tree.dispose(mlpIgParams, flat, cnnParams, params, v, image, x, y);
  return { figures, lines };
}
