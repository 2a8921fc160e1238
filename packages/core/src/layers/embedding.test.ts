import { afterAll, describe, expect, it } from 'vitest';
import { setBackend } from '../backend.js';
import { tf } from '../tf.js';
import { sequential } from '../model/sequential.js';
import { dense } from './dense.js';
import { embedding } from './embedding.js';
import { flatten } from './flatten.js';
import { grad } from '../autodiff/value-and-grad.js';
import { crossEntropy } from '../losses/cross-entropy.js';
import { gradError, hvpError, leaked } from '../test-utils/finite-diff.js';
import { dispose } from '../tree/arithmetic.js';
import type { Params } from '../model/types.js';

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`embedding on ${backend}`, () => {
    afterAll(() => setBackend('cpu'));

    it('looks up rows for int32 and integer-valued float ids', async () => {
      await setBackend(backend);
      const model = sequential([3], [embedding({ name: 'e', vocab: 4, dim: 2 })]);
      const table = [[0, 1], [2, 3], [4, 5], [6, 7]];
      const params = { e: { embeddings: tf.tensor2d(table) } };
      const n = await leaked(() => {
        for (const dtype of ['int32', 'float32'] as const) {
          const ids = tf.tensor2d([[3, 0, 3], [1, 2, 2]], [2, 3], dtype);
          const out = model.apply(params, ids);
          expect(out.shape).toEqual([2, 3, 2]);
          expect(out.arraySync()).toEqual([[table[3], table[0], table[3]], [table[1], table[2], table[2]]]);
          tf.dispose([ids, out]);
        }
      });
      expect(n).toBe(0);
      dispose(params);
    });

    it('the table gradient sums over repeated ids (no UnsortedSegmentSum needed on wasm)', async () => {
      await setBackend(backend);
      const model = sequential([3], [embedding({ name: 'e', vocab: 4, dim: 2 })]);
      const params = model.init(1);
      const ids = tf.tensor2d([[3, 0, 3], [1, 3, 3]], [2, 3], 'int32');
      const weights = tf.tensor3d([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]]);
      const n = await leaked(() => {
        // d/dE Σ w ⊙ E[ids]: row 3 appears four times and gets the sum of those weights.
        const g = grad((p: Params) => tf.sum(tf.mul(model.apply(p, ids), weights)) as tf.Scalar)(params) as Params;
        expect(g.e!.embeddings!.arraySync()).toEqual([[3, 4], [7, 8], [0, 0], [1 + 5 + 9 + 11, 2 + 6 + 10 + 12]]);
        dispose(g);
      });
      expect(n).toBe(0);
      tf.dispose([ids, weights]);
      dispose(params);
    });

    it('gradient and H·v of a loss through it agree with central differences', async () => {
      await setBackend(backend);
      const model = sequential([2], [embedding({ name: 'e', vocab: 5, dim: 3 }), flatten(), dense({ name: 'h', units: 4, activation: 'tanh' }), dense({ name: 'out', units: 5 })]);
      const params = model.init(2);
      const ids = tf.tensor2d([[0, 1], [1, 1], [4, 2], [0, 4]], [4, 2], 'int32');
      const y = tf.tensor1d([1, 2, 1, 4], 'int32');
      const f = (p: Params) => crossEntropy(model.apply(p, ids), y);
      const n = await leaked(() => {
        expect(gradError(f, params)).toBeLessThan(2e-3);
        expect(hvpError(f, params)).toBeLessThan(2e-2);
      });
      expect(n).toBe(0);
      tf.dispose([ids, y]);
      dispose(params);
    });

    it('ids out of range or not integers are an error naming the layer; it must come first', async () => {
      await setBackend(backend);
      const model = sequential([2], [embedding({ name: 'e', vocab: 3, dim: 2 })]);
      const params = model.init(0);
      const bad = tf.tensor2d([[0, 3]]);
      const frac = tf.tensor2d([[0, 1.5]]);
      expect(() => model.apply(params, bad)).toThrow(/embedding\(e\): inputs must be integer ids in \[0, 3\), got 3 at flat index 1/);
      expect(() => model.apply(params, frac)).toThrow(/got 1\.5/);
      expect(() => sequential([2], [dense({ units: 2 }), embedding({ vocab: 3, dim: 2 })])).toThrow(/takes integer ids, so it must come first/);
      expect(() => embedding({ vocab: 0, dim: 2 })).toThrow(/vocab must be a positive integer, got 0/);
      tf.dispose([bad, frac]);
      dispose(params);
    });
  });
}
