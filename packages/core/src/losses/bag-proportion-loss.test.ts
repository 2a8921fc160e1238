import { afterAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs';
import { setBackend } from '../backend.js';
import { tf } from '../tf.js';
import { bagProportionLoss } from './bag-proportion-loss.js';
import { crossEntropy } from './cross-entropy.js';
import { compareTo64, randoms } from '../test-utils/reference64.js';
import { leaked } from '../test-utils/finite-diff.js';

// five examples in two bags with arbitrary numbers, interleaved: bag 7 = {0, 2, 3}, bag 3 = {1, 4}
const BAG = [7, 3, 7, 7, 3];
const PROPS: Record<number, number[]> = { 7: [2 / 3, 0, 1 / 3], 3: [0.5, 0.5, 0] };
const TARGET = BAG.flatMap((b) => [b, ...PROPS[b]!]);

const softmax64 = (r: number[]) => {
  const m = Math.max(...r);
  const e = r.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};
/** Float64 bag-proportion loss of 5×3 logits. */
const llp64 = (z: number[]) => {
  const p = [0, 1, 2, 3, 4].map((i) => softmax64(z.slice(3 * i, 3 * i + 3)));
  let total = 0;
  for (const b of [7, 3]) {
    const members = BAG.map((v, i) => (v === b ? i : -1)).filter((i) => i >= 0);
    const mean = [0, 1, 2].map((c) => members.reduce((s, i) => s + p[i]![c]!, 0) / members.length);
    total -= PROPS[b]!.reduce((s, q, c) => s + (q > 0 ? q * Math.log(mean[c]!) : 0), 0);
  }
  return total / 2;
};

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`bagProportionLoss on ${backend}`, () => {
    afterAll(() => setBackend('cpu'));

    it('value, gradient and H·v match float64, bags found by number in any row order, each bag counted once', async () => {
      await setBackend(backend);
      const z = tf.tensor2d(randoms(160, 15, -2, 2), [5, 3]);
      const t = tf.tensor2d(TARGET, [5, 4]);
      const n = await leaked(() => {
        const e = compareTo64((v: Tensor) => bagProportionLoss(v, t), llp64, z);
        expect(e.value).toBeLessThan(1e-5);
        expect(e.grad).toBeLessThan(1e-3);
        expect(e.hvp).toBeLessThan(3e-3);
      });
      expect(n).toBe(0);
      tf.dispose([z, t]);
    });

    it('with bags of one it is cross-entropy against the labels', async () => {
      await setBackend(backend);
      const z = tf.tensor2d(randoms(161, 12, -2, 2), [4, 3]);
      const labels = [2, 0, 1, 1];
      const t = tf.tensor2d(labels.flatMap((c, i) => [i, ...[0, 1, 2].map((k) => (k === c ? 1 : 0))]), [4, 4]);
      const y = tf.tensor1d(labels, 'int32');
      const a = bagProportionLoss(z, t);
      const b = crossEntropy(z, y);
      expect(a.dataSync()[0]).toBeCloseTo(b.dataSync()[0]!, 5);
      tf.dispose([z, t, y, a, b]);
    });

    it('names the argument on bad input', async () => {
      await setBackend(backend);
      const z = tf.zeros([2, 3]);
      expect(() => bagProportionLoss(z, tf.zeros([2, 3]))).toThrow(/bagProportionLoss\(target\): expected \[n, 1 \+ classes\] = \[2, 4\].*got \[2, 3\]/);
      expect(() => bagProportionLoss(tf.zeros([3]), tf.zeros([3, 4]))).toThrow(/bagProportionLoss\(logits\)/);
      z.dispose();
    });
  });
}
