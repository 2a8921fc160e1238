import { afterAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs';
import { setBackend } from '../backend.js';
import { tf } from '../tf.js';
import { multiSampleDropout } from './multi-sample-dropout.js';
import { crossEntropy } from './cross-entropy.js';
import { matMul } from '../ops/mat-mul.js';
import { compareTo64, randoms } from '../test-utils/reference64.js';
import { leaked } from '../test-utils/finite-diff.js';

const [N, D, C, K, P] = [3, 4, 3, 2, 0.5];
const LABELS = [1, 0, 2];
const MASKS = randoms(120, K * N * D, 0, 1).map((u) => (u >= P ? 1 : 0));

/** Float64 reference over the flat leaves of { bias [C], features [N, D], kernel [D, C] } (tree order: keys sorted). */
const msd64 = (flat: number[]) => {
  const bias = flat.slice(0, C);
  const h = flat.slice(C, C + N * D);
  const W = flat.slice(C + N * D);
  let total = 0;
  for (let k = 0; k < K; k++)
    for (let i = 0; i < N; i++) {
      const z = Array.from({ length: C }, (_, c) => {
        let s = bias[c]!;
        for (let d = 0; d < D; d++) s += (h[i * D + d]! * MASKS[(k * N + i) * D + d]!) / (1 - P) * W[d * C + c]!;
        return s;
      });
      const m = Math.max(...z);
      const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
      total += lse - z[LABELS[i]!]!;
    }
  return total / (K * N);
};

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`multiSampleDropout on ${backend}`, () => {
    afterAll(() => setBackend('cpu'));

    it('value, gradient (head and features) and H·v match float64 with given masks, leaking nothing', async () => {
      await setBackend(backend);
      const p = { bias: tf.tensor1d(randoms(121, C)), features: tf.tensor2d(randoms(122, N * D), [N, D]), kernel: tf.tensor2d(randoms(123, D * C), [D, C]) };
      const masks = tf.tensor3d(MASKS, [K, N, D]);
      const y = tf.tensor1d(LABELS, 'int32');
      const f = (q: typeof p) => multiSampleDropout((h: Tensor) => tf.add(matMul(h, q.kernel), q.bias), q.features, y, { masks, rate: P });
      const n = await leaked(() => {
        const e = compareTo64(f, msd64, p);
        expect(e.value).toBeLessThan(1e-5);
        expect(e.grad).toBeLessThan(1e-3);
        expect(e.hvp).toBeLessThan(3e-3);
      });
      expect(n).toBe(0);
      tf.dispose([p.bias, p.features, p.kernel, masks, y]);
    });

    it('is the mean of K single-mask losses; drawn masks are repeatable by seed, differ across samples, and K = 1 with rate 0 is the plain loss', async () => {
      await setBackend(backend);
      const h = tf.tensor2d(randoms(130, 8 * 5), [8, 5]);
      const W = tf.tensor2d(randoms(131, 5 * 3), [5, 3]);
      const y = tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32');
      const head = (x: Tensor) => matMul(x, W);
      const n = await leaked(() => {
        const a = multiSampleDropout(head, h, y, { samples: 4, seed: 7 });
        const b = multiSampleDropout(head, h, y, { samples: 4, seed: 7 });
        const c = multiSampleDropout(head, h, y, { samples: 4, seed: 8 });
        expect(a.dataSync()[0]).toBe(b.dataSync()[0]);
        expect(a.dataSync()[0]).not.toBe(c.dataSync()[0]);
        const masks = tf.tensor3d(randoms(132, 3 * 8 * 5, 0, 1).map((u) => (u < 0.3 ? 0 : 1)), [3, 8, 5]);
        const allT = multiSampleDropout(head, h, y, { masks, rate: 0.3 });
        const all = allT.dataSync()[0]!;
        const each = [0, 1, 2].map((k) => {
          const one = tf.slice(masks, [k, 0, 0], [1, 8, 5]);
          const v = multiSampleDropout(head, h, y, { masks: one, rate: 0.3 });
          const out = v.dataSync()[0]!;
          tf.dispose([one, v]);
          return out;
        });
        expect(all).toBeCloseTo((each[0]! + each[1]! + each[2]!) / 3, 5);
        const logits = head(h);
        const plain = crossEntropy(logits, y);
        const k1 = multiSampleDropout(head, h, y, { samples: 1, rate: 0 });
        expect(k1.dataSync()[0]).toBeCloseTo(plain.dataSync()[0]!, 6);
        tf.dispose([a, b, c, masks, allT, logits, plain, k1]);
      });
      expect(n).toBe(0);
      tf.dispose([h, W, y]);
    });

    it('names the argument on bad input', async () => {
      await setBackend(backend);
      const h = tf.zeros([2, 3]);
      const y = tf.tensor1d([0, 1], 'int32');
      const head = (x: Tensor) => x;
      expect(() => multiSampleDropout(head, h, y, { rate: 1 })).toThrow(/multiSampleDropout\(rate\): expected a number in \[0, 1\), got 1/);
      expect(() => multiSampleDropout(head, h, y, { samples: 0 })).toThrow(/multiSampleDropout\(samples\): expected a whole number ≥ 1, got 0/);
      expect(() => multiSampleDropout(head, h, tf.tensor1d([0], 'int32'))).toThrow(/multiSampleDropout\(labels\): expected labels for the 2 examples/);
      expect(() => multiSampleDropout(head, h, y, { masks: tf.ones([2, 3, 2]) })).toThrow(/multiSampleDropout\(masks\): expected \[K, \.\.\.features\.shape\] = \[2, 2, 3\], got \[2, 3, 2\]/);
      tf.dispose([h, y]);
    });
  });
}
