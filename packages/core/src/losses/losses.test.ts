import { afterAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs';
import { setBackend } from '../backend.js';
import { tf } from '../tf.js';
import { accuracy } from './accuracy.js';
import { crossEntropy, crossEntropyWith } from './cross-entropy.js';
import { mse } from './mse.js';
import { compareTo64, randoms } from '../test-utils/reference64.js';
import { leaked } from '../test-utils/finite-diff.js';

const LABELS = [2, 0, 3];
const logSoftmaxRow = (r: number[]) => {
  const m = Math.max(...r);
  const l = Math.log(r.reduce((s, v) => s + Math.exp(v - m), 0)) + m;
  return r.map((v) => v - l);
};
/** Float64 cross-entropy of 3×4 logits with label smoothing ε. */
const ce64 = (eps: number) => (z: number[]) => {
  let total = 0;
  for (let i = 0; i < 3; i++) {
    const ls = logSoftmaxRow(z.slice(4 * i, 4 * i + 4));
    ls.forEach((v, k) => {
      const t = (k === LABELS[i] ? 1 - eps : 0) + eps / 4;
      total -= t * v;
    });
  }
  return total / 3;
};

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`losses on ${backend}`, () => {
    afterAll(() => setBackend('cpu'));

    for (const eps of [0, 0.1]) {
      it(`crossEntropy (label smoothing ${eps}): value, gradient and H·v match float64`, async () => {
        await setBackend(backend);
        const z = tf.tensor2d(randoms(41, 12, -3, 3), [3, 4]);
        const y = tf.tensor1d(LABELS, 'int32');
        const loss = eps === 0 ? crossEntropy : crossEntropyWith({ labelSmoothing: eps });
        const n = await leaked(() => {
          const e = compareTo64((t: Tensor) => loss(t, y), ce64(eps), z);
          expect(e.value).toBeLessThan(1e-6);
          expect(e.grad).toBeLessThan(1e-4);
          expect(e.hvp).toBeLessThan(1e-3);
        });
        expect(n).toBe(0);
        tf.dispose([z, y]);
      });
    }

    it('crossEntropy: hand value for uniform logits, float labels and soft targets accepted', async () => {
      await setBackend(backend);
      const z = tf.zeros([2, 4]);
      expect(crossEntropy(z, tf.tensor1d([1, 3], 'int32')).dataSync()[0]).toBeCloseTo(Math.log(4), 6);
      expect(crossEntropy(z, tf.tensor1d([1, 3])).dataSync()[0]).toBeCloseTo(Math.log(4), 6);
      const soft = tf.tensor2d([[0.5, 0.5, 0, 0], [0, 0, 0, 1]]);
      expect(crossEntropy(tf.tensor2d([[0, 0, -100, -100], [0, 0, 0, 0]]), soft).dataSync()[0]).toBeCloseTo((Math.log(2) + Math.log(4)) / 2, 4);
      expect(() => crossEntropy(z, tf.tensor1d([1], 'int32'))).toThrow(/expected 2 integer labels \[2\].*got \[1\]/);
      expect(() => crossEntropyWith({ labelSmoothing: 1 })).toThrow(/\[0, 1\)/);
      tf.disposeVariables();
    });

    it('crossEntropy: a label outside [0, k) is an error naming the first bad label and its index', async () => {
      await setBackend(backend);
      const z = tf.zeros([3, 2]);
      const before = tf.memory().numTensors;
      for (const [labels, bad] of [[[0, 7, 9], /label 7 at index 1 is not a class of a 2-class output/], [[1, 0, -1], /label -1 at index 2\b/]] as const) {
        const y = tf.tensor1d(labels as unknown as number[], 'int32');
        expect(() => crossEntropy(z, y)).toThrow(bad);
        y.dispose();
      }
      const fractional = tf.tensor1d([0, 0.5, 1]);
      expect(() => crossEntropyWith({ labelSmoothing: 0.1 })(z, fractional)).toThrow(/label 0.5 at index 1/);
      fractional.dispose();
      expect(tf.memory().numTensors).toBe(before);
      z.dispose();
    });

    it('mse: value, gradient and H·v match float64; shape mismatch is an error', async () => {
      await setBackend(backend);
      const target = randoms(44, 6);
      const t = tf.tensor2d(target, [2, 3]);
      const o = tf.tensor2d(randoms(45, 6), [2, 3]);
      const e = compareTo64((p: Tensor) => mse(p, t), (q) => q.reduce((s, v, i) => s + (v - target[i]!) ** 2, 0) / 6, o);
      expect(e.value).toBeLessThan(1e-6);
      expect(e.grad).toBeLessThan(1e-5);
      expect(e.hvp).toBeLessThan(1e-3);
      expect(() => mse(o, tf.zeros([3, 2]))).toThrow(/expected the output's shape \[2, 3\], got \[3, 2\]/);
      tf.dispose([t, o]);
    });

    it('accuracy: fraction of argmax hits, with integer or one-hot labels', async () => {
      await setBackend(backend);
      const out = tf.tensor2d([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4]]);
      expect(accuracy(out, tf.tensor1d([1, 0, 0, 0], 'int32')).dataSync()[0]).toBeCloseTo(0.75, 6);
      expect(accuracy(out, tf.tensor2d([[0, 1], [1, 0], [0, 1], [0, 1]])).dataSync()[0]).toBeCloseTo(0.75, 6);
      tf.disposeVariables();
      out.dispose();
    });
  });
}
