import { afterAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs';
import { setBackend } from '../backend.js';
import { tf } from '../tf.js';
import { psKdLoss } from './ps-kd-loss.js';
import { crossEntropy } from './cross-entropy.js';
import { grad } from '../autodiff/value-and-grad.js';
import { compareTo64, randoms } from '../test-utils/reference64.js';
import { leaked } from '../test-utils/finite-diff.js';

const LABELS = [2, 0, 1];
const PREV = [0.2, 0.3, 0.5, 0.7, 0.2, 0.1, 0.25, 0.25, 0.5];
/** Float64 PS-KD loss of 3×3 logits. */
const pskd64 = (alpha: number) => (z: number[]) => {
  let total = 0;
  for (let i = 0; i < 3; i++) {
    const r = z.slice(3 * i, 3 * i + 3);
    const m = Math.max(...r);
    const lse = m + Math.log(r.reduce((s, v) => s + Math.exp(v - m), 0));
    r.forEach((v, c) => (total -= ((c === LABELS[i] ? 1 - alpha : 0) + alpha * PREV[3 * i + c]!) * (v - lse)));
  }
  return total / 3;
};

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`psKdLoss on ${backend}`, () => {
    afterAll(() => setBackend('cpu'));

    it('value, gradient and H·v match float64; α = 0 is cross-entropy; no gradient reaches prevProbs', async () => {
      await setBackend(backend);
      const z = tf.tensor2d(randoms(140, 9, -2, 2), [3, 3]);
      const y = tf.tensor1d(LABELS, 'int32');
      const prev = tf.tensor2d(PREV, [3, 3]);
      const n = await leaked(() => {
        const e = compareTo64((t: Tensor) => psKdLoss(t, y, prev, 0.4), pskd64(0.4), z);
        expect(e.value).toBeLessThan(1e-5);
        expect(e.grad).toBeLessThan(1e-3);
        expect(e.hvp).toBeLessThan(3e-3);
        tf.tidy(() => {
          expect(psKdLoss(z, y, prev, 0).dataSync()[0]).toBeCloseTo(crossEntropy(z, y).dataSync()[0]!, 6);
          const dPrev = grad((p: Tensor) => psKdLoss(z, y, tf.mul(p, 1), 0.5))(prev).dataSync();
          expect(Array.from(dPrev)).toEqual(new Array(9).fill(0));
        });
      });
      expect(n).toBe(0);
      tf.dispose([z, y, prev]);
    });

    it('names the argument on bad input', async () => {
      await setBackend(backend);
      const z = tf.zeros([2, 3]);
      const y = tf.tensor1d([0, 1], 'int32');
      expect(() => psKdLoss(z, y, tf.zeros([2, 3]), 1.5)).toThrow(/psKdLoss\(alpha\): expected a number in \[0, 1\], got 1.5/);
      expect(() => psKdLoss(z, y, tf.zeros([3, 3]), 0.5)).toThrow(/psKdLoss\(prevProbs\): expected the logits' shape \[2, 3\], got \[3, 3\]/);
      expect(() => psKdLoss(z, tf.tensor1d([0], 'int32'), tf.zeros([2, 3]), 0.5)).toThrow(/psKdLoss\(labels\)/);
      tf.disposeVariables();
    });
  });
}
