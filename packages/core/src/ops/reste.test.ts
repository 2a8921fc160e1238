import { afterAll, describe, expect, it } from 'vitest';
import { setBackend } from '../backend.js';
import { tf } from '../tf.js';
import { reste } from './reste.js';
import { ste } from './ste.js';
import { grad } from '../autodiff/value-and-grad.js';
import { randoms } from '../test-utils/reference64.js';
import { leaked } from '../test-utils/finite-diff.js';

/** The power estimator sign(x)·|x|^(1/o), whose derivative ReSTE's backward pass is. */
const power = (x: number, o: number) => Math.sign(x) * Math.abs(x) ** (1 / o);

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`reste on ${backend}`, () => {
    afterAll(() => setBackend('cpu'));

    it('forward is sign (sign(0) = 0); backward matches central differences of sign(x)·|x|^(1/o) inside (δ, t]', async () => {
      await setBackend(backend);
      for (const o of [1, 2, 3.5]) {
        const xs = randoms(90 + o, 40, -1.4, 1.4).filter((v) => Math.abs(v) > 0.12);
        const x = tf.tensor1d(xs);
        const up = randoms(91, xs.length, -2, 2);
        const g = tf.tensor1d(up);
        const n = await leaked(() => {
          const y = reste(x, { o });
          expect(Array.from(y.dataSync())).toEqual(xs.map(Math.sign));
          const dx = grad((v: tf.Tensor) => tf.sum(tf.mul(reste(v, { o }), g)))(x);
          const got = dx.dataSync();
          xs.forEach((v, i) => {
            const eps = 1e-6;
            const fd = (power(v + eps, o) - power(v - eps, o)) / (2 * eps);
            expect(got[i]!).toBeCloseTo(up[i]! * fd, 4);
          });
          tf.dispose([y, dx]);
        });
        expect(n).toBe(0);
        tf.dispose([x, g]);
      }
    });

    it('uses the secant within the interval, zero beyond the threshold, and o = 1 is the clipped STE', async () => {
      await setBackend(backend);
      const xs = [-2, -1.5, -0.05, 0, 0.1, 0.5, 1.6];
      const x = tf.tensor1d(xs);
      const d = (f: (v: tf.Tensor) => tf.Tensor) => Array.from(grad((v: tf.Tensor) => tf.sum(f(v)))(x).dataSync());
      const secant = 0.1 ** 0.5 / 0.1;
      const expected = [0, 0.5 / Math.sqrt(1.5), secant, secant, secant, 0.5 / Math.sqrt(0.5), 0];
      d((v) => reste(v, { o: 2 })).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
      expect(d((v) => reste(v, { o: 1, threshold: 1 }))).toEqual(d((v) => ste(v)));
      expect(d((v) => ste(v))).toEqual([0, 0, 1, 1, 1, 1, 0]);
      expect(d((v) => ste(v, { threshold: Infinity }))).toEqual([1, 1, 1, 1, 1, 1, 1]);
      expect(Array.from(ste(x).dataSync())).toEqual([-1, -1, -1, 0, 1, 1, 1]);
      x.dispose();
    });

    it('names the argument on bad options', () => {
      const x = tf.zeros([2]);
      expect(() => reste(x, { o: 0.5 })).toThrow(/reste\(o\): expected a finite number ≥ 1, got 0.5/);
      expect(() => reste(x, { threshold: 0 })).toThrow(/reste\(threshold\)/);
      expect(() => reste(x, { interval: 2 })).toThrow(/reste\(interval\): expected a number in \(0, threshold = 1.5\), got 2/);
      expect(() => ste(x, { threshold: -1 })).toThrow(/ste\(threshold\)/);
      x.dispose();
    });
  });
}
