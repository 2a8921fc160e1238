/**
 * Timing sanity on wasm (prints only): `npx tsx src/test-utils/timing.ts` in packages/core.
 * MLP 784-256-256-10 train steps/s (gradbook vs a plain tfjs loop), CNN steps/s, HVP / gradient cost.
 */
import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { setBackend } from '../backend.js';
import { tf } from '../tf.js';
import { sequential } from '../model/sequential.js';
import { dense } from '../layers/dense.js';
import { conv2d } from '../layers/conv2d.js';
import { flatten } from '../layers/flatten.js';
import { maxPool2d } from '../layers/pool.js';
import { crossEntropy } from '../losses/cross-entropy.js';
import { valueAndGrad } from '../autodiff/value-and-grad.js';
import { hvp } from '../autodiff/hvp.js';
import { perExampleGrads, perExampleGradNorms } from '../autodiff/per-example-grads.js';
import type { Model, Params } from '../model/types.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time(fn: () => void, runs: number, warm = 3): Promise<number> {
  for (let i = 0; i < warm; i++) fn();
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    ts.push(performance.now() - t);
  }
  return median(ts);
}

function sgdStep(model: Model, x: Tensor, y: Tensor, lr: number) {
  let params: Params = model.init(0);
  const step = valueAndGrad((p: Params) => crossEntropy(model.apply(p, x), y));
  return () => {
    const next = tf.tidy(() => {
      const { value, grads } = step(params);
      const out: Params = {};
      for (const [l, g] of Object.entries(params)) {
        out[l] = {};
        for (const [k, t] of Object.entries(g)) out[l]![k] = tf.sub(t, tf.mul((grads as Params)[l]![k]!, lr));
      }
      value.dataSync();
      return out;
    });
    for (const g of Object.values(params)) tf.dispose(Object.values(g));
    params = next;
  };
}

async function main() {
  await setBackend((process.argv[2] as 'wasm') ?? 'wasm');
  const lines: string[] = [];
  const x = tf.randomUniform([128, 784], 0, 1, 'float32', 1);
  const y = tf.tensor1d(Array.from({ length: 128 }, (_, i) => i % 10), 'int32');
  const mlp = sequential([784], [dense({ name: 'h1', units: 256, activation: 'relu' }), dense({ name: 'h2', units: 256, activation: 'relu' }), dense({ name: 'out', units: 10 })]);
  const ours = await time(sgdStep(mlp, x, y, 0.01), 30);

  // Stock tfjs: variables, tf.variableGrads, tf.train.sgd.
  const init = mlp.init(0);
  const vars = Object.fromEntries(Object.entries(init).map(([l, g]) => [l, Object.fromEntries(Object.entries(g).map(([k, t]) => [k, tf.variable(t)]))]));
  const opt = tf.train.sgd(0.01);
  const labels = tf.oneHot(y, 10);
  const stockStep = () => {
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const h1 = tf.relu(tf.add(tf.matMul(x, vars.h1!.kernel!), vars.h1!.bias!));
        const h2 = tf.relu(tf.add(tf.matMul(h1, vars.h2!.kernel!), vars.h2!.bias!));
        const z = tf.add(tf.matMul(h2, vars.out!.kernel!), vars.out!.bias!);
        return tf.losses.softmaxCrossEntropy(labels, z) as Scalar;
      });
      opt.applyGradients(grads);
      value.dataSync();
    });
  };
  const stock = await time(stockStep, 15);
  lines.push(`MLP 784-256-256-10 batch 128 train step: gradbook ${ours.toFixed(1)} ms (${(1000 / ours).toFixed(1)} steps/s), stock tfjs ${stock.toFixed(1)} ms (${(1000 / stock).toFixed(1)} steps/s), speed-up ${(stock / ours).toFixed(2)}x`);

  // HVP vs gradient on a tanh MLP.
  const tanhMlp = sequential([784], [dense({ name: 'h1', units: 256, activation: 'tanh' }), dense({ name: 'h2', units: 256, activation: 'tanh' }), dense({ name: 'out', units: 10 })]);
  const tp = tanhMlp.init(1);
  const f = (p: Params) => crossEntropy(tanhMlp.apply(p, x), y);
  const g = await time(() => tf.tidy(() => { const r = valueAndGrad(f)(tp); (r.grads as Params).h1!.kernel!.dataSync(); }), 15);
  const h = await time(() => tf.tidy(() => { const r = hvp(f, tp, tp); (r as Params).h1!.kernel!.dataSync(); }), 15);
  lines.push(`tanh MLP batch 128: gradient ${g.toFixed(1)} ms, HVP ${h.toFixed(1)} ms, ratio ${(h / g).toFixed(2)}`);

  // Per-example gradients and norms.
  const pe = await time(() => tf.tidy(() => { const r = perExampleGrads({ model: mlp, params: init, loss: crossEntropy, x, y }); r.h1!.kernel!.dataSync(); }), 5, 1);
  const pn = await time(() => tf.tidy(() => { perExampleGradNorms({ model: mlp, params: init, loss: crossEntropy, x, y }).dataSync(); }), 10);
  lines.push(`MLP batch 128 per-example grads ${pe.toFixed(1)} ms, per-example norms ${pn.toFixed(1)} ms`);

  // CNN.
  const cnn = sequential([28, 28, 1], [
    conv2d({ name: 'c1', filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),
    maxPool2d({ name: 'p1' }),
    conv2d({ name: 'c2', filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }),
    maxPool2d({ name: 'p2' }),
    flatten(),
    dense({ name: 'out', units: 10 }),
  ]);
  const xi = tf.randomUniform([64, 28, 28, 1], 0, 1, 'float32', 2);
  const yi = tf.tensor1d(Array.from({ length: 64 }, (_, i) => i % 10), 'int32');
  const c = await time(sgdStep(cnn, xi, yi, 0.01), 8, 2);
  lines.push(`CNN batch 64 train step: ${c.toFixed(1)} ms (${(1000 / c).toFixed(1)} steps/s)`);
  const cp = cnn.init(0);
  const cpe = await time(() => tf.tidy(() => { const r = perExampleGrads({ model: cnn, params: cp, loss: crossEntropy, x: xi, y: yi }); r.c2!.kernel!.dataSync(); }), 3, 1);
  const cpn = await time(() => tf.tidy(() => { perExampleGradNorms({ model: cnn, params: cp, loss: crossEntropy, x: xi, y: yi }).dataSync(); }), 3, 1);
  const cg = await time(() => tf.tidy(() => { const r = valueAndGrad((p: Params) => crossEntropy(cnn.apply(p, xi), yi))(cp); (r.grads as Params).c2!.kernel!.dataSync(); }), 5);
  const ch = await time(() => tf.tidy(() => { const r = hvp((p: Params) => crossEntropy(cnn.apply(p, xi), yi), cp, cp); (r as Params).c2!.kernel!.dataSync(); }), 5);
  lines.push(`CNN batch 64: per-example grads ${cpe.toFixed(1)} ms, norms ${cpn.toFixed(1)} ms; gradient ${cg.toFixed(1)} ms, HVP ${ch.toFixed(1)} ms (ratio ${(ch / cg).toFixed(2)})`);
  const fwd = await time(() => tf.tidy(() => { cnn.apply(cnn.init(0), xi).dataSync(); }), 5, 1);
  lines.push(`CNN batch 64 forward (incl. init): ${fwd.toFixed(1)} ms`);
  console.log(lines.join('\n'));
  console.log('tensors alive', tf.memory().numTensors);
}

void main();
