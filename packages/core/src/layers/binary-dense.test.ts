import { afterAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs';
import { setBackend } from '../backend.js';
import { tf } from '../tf.js';
import { binaryDense } from './binary-dense.js';
import { dense } from './dense.js';
import { sequential } from '../model/sequential.js';
import { fromConfig } from '../model/config.js';
import { crossEntropy } from '../losses/cross-entropy.js';
import { grad, valueAndGrad } from '../autodiff/value-and-grad.js';
import { perExampleGrads } from '../autodiff/per-example-grads.js';
import { leaked } from '../test-utils/finite-diff.js';
import { randoms } from '../test-utils/reference64.js';
import { dispose } from '../tree/arithmetic.js';
import type { Params } from '../model/types.js';

/** ReSTE's slope r(x) in float64 (the conformance README's definition). */
const r = (x: number, o: number, t: number, d: number) => {
  const a = Math.abs(x);
  if (a > t) return 0;
  return a <= d ? d ** (1 / o) / d : (1 / o) * a ** ((1 - o) / o);
};

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`binaryDense on ${backend}`, () => {
    afterAll(() => setBackend('cpu'));

    it('forward is x·(α ⊙ sign W) + b; gradients are the chain rule through ReSTE for weights and inputs; no leaks', async () => {
      await setBackend(backend);
      const [n, din, dout, o] = [3, 4, 2, 2];
      const model = sequential([din], [binaryDense({ name: 'bin', units: dout, o, binarizeInputs: true })]);
      const W = randoms(201, din * dout, -1.2, 1.2);
      const B = randoms(202, dout);
      const X = randoms(203, n * din, -2, 2);
      const G = randoms(204, n * dout);
      const params = { bin: { kernel: tf.tensor2d(W, [din, dout]), bias: tf.tensor1d(B) } };
      const x = tf.tensor2d(X, [n, din]);
      const g = tf.tensor2d(G, [n, dout]);
      const alpha = Array.from({ length: dout }, (_, j) => W.filter((_, i) => i % dout === j).reduce((s, v) => s + Math.abs(v), 0) / din);
      const wb = (i: number, j: number) => Math.sign(W[i * dout + j]!) * alpha[j]!;
      const count = await leaked(() => tf.tidy(() => {
        const y = model.apply(params, x).dataSync();
        for (let e = 0; e < n; e++)
          for (let j = 0; j < dout; j++) {
            let s = B[j]!;
            for (let i = 0; i < din; i++) s += Math.sign(X[e * din + i]!) * wb(i, j);
            expect(y[e * dout + j]!).toBeCloseTo(s, 5);
          }
        const f = (p: Params, xx: Tensor) => tf.sum(tf.mul(model.apply(p, xx), g));
        const dW = grad((p: Params) => f(p, x))(params).bin!.kernel!.dataSync();
        const dX = grad((xx: Tensor) => f(params, xx))(x).dataSync();
        for (let i = 0; i < din; i++)
          for (let j = 0; j < dout; j++) {
            let s = 0;
            for (let e = 0; e < n; e++) s += Math.sign(X[e * din + i]!) * G[e * dout + j]!;
            expect(dW[i * dout + j]!).toBeCloseTo(s * alpha[j]! * r(W[i * dout + j]!, o, 1.5, 0.1), 4);
          }
        for (let e = 0; e < n; e++)
          for (let i = 0; i < din; i++) {
            let s = 0;
            for (let j = 0; j < dout; j++) s += G[e * dout + j]! * wb(i, j);
            expect(dX[e * din + i]!).toBeCloseTo(s * r(X[e * din + i]!, o, 1.5, 0.1), 4);
          }
      }));
      expect(count).toBe(0);
      dispose(params);
      tf.dispose([x, g]);
    });

    it('trains (the loss falls), rebuilds from its config, and gives per-example gradients that sum to the batch gradient', async () => {
      await setBackend(backend);
      const model = sequential([6], [
        dense({ name: 'in', units: 8 }),
        binaryDense({ name: 'hidden', units: 8, binarizeInputs: true, activation: 'relu' }),
        binaryDense({ name: 'out', units: 3, estimator: 'ste', scale: false }),
      ]);
      const copy = fromConfig(JSON.parse(JSON.stringify(model.config)));
      expect(copy.config).toEqual(model.config);
      expect(model.config!.layers[1]).toMatchObject({ type: 'binaryDense', estimator: 'reste', o: 3, threshold: 1.5, interval: 0.1, binarizeInputs: true, scale: true });
      let params = model.init(3);
      const x = tf.tensor2d(randoms(210, 16 * 6, -1, 1), [16, 6]);
      const y = tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 3), 'int32');
      expect(Array.from(copy.apply(params, x).dataSync())).toEqual(Array.from(model.apply(params, x).dataSync()));
      const before = tf.memory().numTensors;
      const losses: number[] = [];
      for (let step = 0; step < 60; step++) {
        const { value, grads } = valueAndGrad((p: Params) => crossEntropy(model.apply(p, x), y))(params);
        losses.push(value.dataSync()[0]!);
        const next = tf.tidy(() => Object.fromEntries(Object.entries(params).map(([k, g]) => [k, Object.fromEntries(Object.entries(g).map(([q, t]) => [q, tf.sub(t, tf.mul(grads[k]![q]!, 0.05))]))]))) as Params;
        dispose(params, grads);
        value.dispose();
        params = next;
      }
      expect(tf.memory().numTensors).toBe(before);
      expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.8);
      const per = perExampleGrads({ model, params, loss: crossEntropy, x, y });
      const batch = grad((p: Params) => crossEntropy(model.apply(p, x), y))(params);
      const summed = Array.from(tf.mean(per.hidden!.kernel!, 0).dataSync());
      Array.from(batch.hidden!.kernel!.dataSync()).forEach((v, i) => expect(summed[i]!).toBeCloseTo(v, 4));
      dispose(params, per, batch);
      tf.dispose([x, y]);
    });

    it('names the argument on bad options', () => {
      expect(() => binaryDense({ name: 'h', units: 0 })).toThrow(/binaryDense\(h\): units must be a positive integer, got 0/);
      expect(() => binaryDense({ name: 'h', units: 2, estimator: 'sign' as never })).toThrow(/binaryDense\(h\)\(estimator\): expected 'reste' or 'ste', got 'sign'/);
      expect(() => binaryDense({ name: 'h', units: 2, o: 0 })).toThrow(/binaryDense\(h\): reste\(o\): expected a finite number ≥ 1, got 0/);
      expect(() => sequential([2, 2], [binaryDense({ name: 'h', units: 2 })])).toThrow(/binaryDense\(h\): needs flat inputs/);
    });
  });
}
