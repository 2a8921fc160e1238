import { afterAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs';
import { setBackend } from '../backend.js';
import { tf } from '../tf.js';
import { zLoss } from './z-loss.js';
import { compareTo64, randoms } from '../test-utils/reference64.js';
import { leaked } from '../test-utils/finite-diff.js';

const LABELS = [2, 0, 3];
/** Float64 Z-loss of 3×4 logits. */
const z64 = (a: number, b: number) => (o: number[]) => {
  let total = 0;
  for (let i = 0; i < 3; i++) {
    const r = o.slice(4 * i, 4 * i + 4);
    const mu = r.reduce((s, v) => s + v, 0) / 4;
    const sd = Math.sqrt(r.reduce((s, v) => s + (v - mu) ** 2, 0) / 4);
    const z = (r[LABELS[i]!]! - mu) / sd;
    total += Math.log1p(Math.exp(a * (b - z))) / a;
  }
  return total / 3;
};

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`zLoss on ${backend}`, () => {
    afterAll(() => setBackend('cpu'));

    for (const [a, b] of [[1, 1], [0.5, 2]] as const) {
      it(`value, gradient and H·v match float64 (a = ${a}, b = ${b}), leaking nothing`, async () => {
        await setBackend(backend);
        const o = tf.tensor2d(randoms(71, 12, -3, 3), [3, 4]);
        const y = tf.tensor1d(LABELS, 'int32');
        const loss = zLoss({ a, b });
        const n = await leaked(() => {
          const e = compareTo64((t: Tensor) => loss(t, y), z64(a, b), o);
          expect(e.value).toBeLessThan(1e-5);
          expect(e.grad).toBeLessThan(1e-3);
          expect(e.hvp).toBeLessThan(3e-3);
        });
        expect(n).toBe(0);
        tf.dispose([o, y]);
      });
    }

    it('is invariant to shifting and positively scaling the logits, unlike cross-entropy', async () => {
      await setBackend(backend);
      const o = tf.tensor2d(randoms(72, 12, -3, 3), [3, 4]);
      const y = tf.tensor1d(LABELS, 'int32');
      const loss = zLoss();
      const base = loss(o, y).dataSync()[0]!;
      for (const [scale, shift] of [[1, 5], [7, 0], [0.1, -3]]) {
        const moved = tf.add(tf.mul(o, scale), shift);
        expect(loss(moved, y).dataSync()[0]).toBeCloseTo(base, 4);
        moved.dispose();
      }
      // a hand value: logits [2, 0, −1], label 0 → z = (5/3)/√(14/9)
      const z = 5 / 3 / Math.sqrt(14 / 9);
      const hand = zLoss({ a: 2, b: 1 })(tf.tensor2d([[2, 0, -1]]), tf.tensor1d([0], 'int32'));
      expect(hand.dataSync()[0]).toBeCloseTo(Math.log1p(Math.exp(2 * (1 - z))) / 2, 5);
      tf.dispose([o, y, hand]);
    });

    it('names the argument on bad input', async () => {
      await setBackend(backend);
      expect(() => zLoss({ a: 0 })).toThrow(/zLoss\(a\): expected a finite number > 0, got 0/);
      expect(() => zLoss({ b: NaN })).toThrow(/zLoss\(b\)/);
      const o = tf.zeros([2, 3]);
      expect(() => zLoss()(o, tf.tensor1d([1], 'int32'))).toThrow(/zLoss\(labels\): expected 2 integer labels \[2\].*got \[1\]/);
      expect(() => zLoss()(tf.zeros([3]), tf.tensor1d([1], 'int32'))).toThrow(/zLoss\(logits\): expected logits \[batch, classes\], got \[3\]/);
      o.dispose();
    });
  });
}
