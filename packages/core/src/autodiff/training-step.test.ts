import { afterAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs';
import { setBackend } from '../backend.js';
import { tf } from '../tf.js';
import { valueAndGrad } from './value-and-grad.js';
import { hvp } from './hvp.js';
import { sequential } from '../model/sequential.js';
import { conv2d } from '../layers/conv2d.js';
import { dense } from '../layers/dense.js';
import { dropout } from '../layers/dropout.js';
import { flatten } from '../layers/flatten.js';
import { maxPool2d } from '../layers/pool.js';
import { crossEntropy } from '../losses/cross-entropy.js';
import type { Model, Params } from '../model/types.js';

/** Plain SGD steps; returns the losses and how many tensors the steps left behind. */
function train(model: Model, x: Tensor, y: Tensor, steps: number, lr: number): { losses: number[]; leaked: number; msPerStep: number } {
  let params = model.init(0);
  const before = tf.memory().numTensors;
  const losses: number[] = [];
  const step = valueAndGrad((p: Params) => crossEntropy(model.apply(p, x, { training: true, seed: losses.length }), y));
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) {
    const next = tf.tidy(() => {
      const { value, grads } = step(params);
      losses.push(value.dataSync()[0]!);
      const out: Params = {};
      for (const [l, g] of Object.entries(params)) {
        out[l] = {};
        for (const [k, t] of Object.entries(g)) out[l]![k] = tf.sub(t, tf.mul((grads as Params)[l]![k]!, lr));
      }
      return out;
    });
    for (const g of Object.values(params)) tf.dispose(Object.values(g));
    params = next;
  }
  const msPerStep = (performance.now() - t0) / steps;
  const leaked = tf.memory().numTensors - before;
  for (const g of Object.values(params)) tf.dispose(Object.values(g));
  return { losses, leaked, msPerStep };
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`training steps on ${backend}`, () => {
    afterAll(() => setBackend('cpu'));

    it('an MLP with dropout and a small CNN learn a fixed batch and leak nothing per step (timings printed)', async () => {
      await setBackend(backend);
      const x = tf.randomUniform([32, 64], -1, 1, 'float32', 3);
      const y = tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 4), 'int32');
      const mlp = sequential([64], [dense({ name: 'h', units: 32, activation: 'tanh' }), dropout({ rate: 0.1 }), dense({ name: 'o', units: 4 })]);
      const m = train(mlp, x, y, 30, 0.3);
      expect(m.leaked).toBe(0);
      expect(m.losses.every(Number.isFinite)).toBe(true);
      expect(m.losses.at(-1)!).toBeLessThan(0.5 * m.losses[0]!);

      const xi = tf.randomUniform([8, 8, 8, 1], 0, 1, 'float32', 4);
      const yi = tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3], 'int32');
      const cnn = sequential([8, 8, 1], [
        conv2d({ name: 'c1', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
        maxPool2d(),
        conv2d({ name: 'c2', filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
        flatten(),
        dense({ name: 'o', units: 4 }),
      ]);
      const c = train(cnn, xi, yi, 30, 0.2);
      expect(c.leaked).toBe(0);
      expect(c.losses.at(-1)!).toBeLessThan(0.7 * c.losses[0]!);

      const params = mlp.init(1);
      const f = (p: Params) => crossEntropy(mlp.apply(p, x), y);
      const before = tf.memory().numTensors;
      const t0 = performance.now();
      for (let i = 0; i < 10; i++) tf.tidy(() => void (valueAndGrad(f)(params).grads as Params).h!.kernel!.dataSync());
      const t1 = performance.now();
      for (let i = 0; i < 10; i++) tf.tidy(() => void (hvp(f, params, params) as Params).h!.kernel!.dataSync());
      const t2 = performance.now();
      expect(tf.memory().numTensors).toBe(before);
      console.log(
        `[${backend}] small MLP step ${m.msPerStep.toFixed(2)} ms, small CNN step ${c.msPerStep.toFixed(2)} ms, HVP/gradient ${((t2 - t1) / (t1 - t0)).toFixed(2)}`,
      );
      tf.dispose([x, y, xi, yi]);
      for (const g of Object.values(params)) tf.dispose(Object.values(g));
    });
  });
}
