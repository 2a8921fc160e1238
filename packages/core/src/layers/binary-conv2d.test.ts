import { afterAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs';
import { setBackend } from '../backend.js';
import { tf } from '../tf.js';
import { binaryConv2d } from './binary-conv2d.js';
import { conv2d } from './conv2d.js';
import { flatten } from './flatten.js';
import { dense } from './dense.js';
import { sequential } from '../model/sequential.js';
import { fromConfig } from '../model/config.js';
import { grad } from '../autodiff/value-and-grad.js';
import { leaked } from '../test-utils/finite-diff.js';
import { randoms } from '../test-utils/reference64.js';
import { dispose } from '../tree/arithmetic.js';
import type { Params } from '../model/types.js';

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`binaryConv2d on ${backend}`, () => {
    afterAll(() => setBackend('cpu'));

    it('is conv2d with the kernel α ⊙ sign(W) and input sign(x); the latent gradient is conv2d\'s times α·r(W) (STE: r = 1 inside the threshold)', async () => {
      await setBackend(backend);
      const opts = { filters: 3, kernelSize: 2, padding: 'same' as const, strides: 1 };
      const bin = sequential([4, 4, 2], [binaryConv2d({ name: 'c', ...opts, estimator: 'ste', binarizeInputs: true })]);
      const real = sequential([4, 4, 2], [conv2d({ name: 'c', ...opts })]);
      const W = tf.tensor4d(randoms(301, 2 * 2 * 2 * 3, -1.3, 1.3), [2, 2, 2, 3]);
      const b = tf.tensor1d(randoms(302, 3));
      const x = tf.tensor4d(randoms(303, 2 * 4 * 4 * 2, -1, 1), [2, 4, 4, 2]);
      const g = tf.randomNormal([2, 4, 4, 3], 0, 1, 'float32', 5);
      const count = await leaked(() => {
        tf.tidy(() => {
          const alpha = tf.mean(tf.abs(W), [0, 1, 2]);
          const Wb = tf.mul(tf.sign(W), alpha);
          const yb = bin.apply({ c: { kernel: W, bias: b } }, x);
          const yr = real.apply({ c: { kernel: Wb, bias: b } }, tf.sign(x));
          const a = yb.dataSync();
          yr.dataSync().forEach((v, i) => expect(a[i]!).toBeCloseTo(v, 5));
          const gBin = grad((p: Params) => tf.sum(tf.mul(bin.apply(p, x), g)))({ c: { kernel: W, bias: b } });
          const gReal = grad((p: Params) => tf.sum(tf.mul(real.apply(p, tf.sign(x)), g)))({ c: { kernel: Wb, bias: b } });
          const inside = tf.cast(tf.lessEqual(tf.abs(W), 1), 'float32');
          const expected = tf.mul(tf.mul(gReal.c!.kernel!, alpha), inside).dataSync();
          const got = gBin.c!.kernel!.dataSync();
          expected.forEach((v, i) => expect(got[i]!).toBeCloseTo(v, 4));
          expect(Array.from(gBin.c!.bias!.dataSync())).toEqual(Array.from(gReal.c!.bias!.dataSync()).map((v) => expect.closeTo(v, 4)));
        });
      });
      expect(count).toBe(0);
      tf.dispose([W, b, x, g]);
    });

    it('builds in a CNN, rebuilds from its config and names bad options', async () => {
      await setBackend(backend);
      const model = sequential([6, 6, 1], [
        conv2d({ name: 'c1', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
        binaryConv2d({ name: 'c2', filters: 4, kernelSize: 3, strides: 2, binarizeInputs: true, o: 2 }),
        flatten(),
        dense({ name: 'out', units: 2 }),
      ]);
      expect(model.layers[1]!.outputShape).toEqual([2, 2, 4]);
      const copy = fromConfig(JSON.parse(JSON.stringify(model.config)));
      const params = model.init(1);
      const x = tf.tensor4d(randoms(310, 36 * 2), [2, 6, 6, 1]);
      const n = await leaked(() => {
        const a = model.apply(params, x);
        const c = copy.apply(params, x);
        expect(Array.from(c.dataSync())).toEqual(Array.from(a.dataSync()));
        tf.dispose([a, c]);
      });
      expect(n).toBe(0);
      dispose(params);
      x.dispose();
      expect(() => binaryConv2d({ name: 'k', filters: 0, kernelSize: 3 })).toThrow(/binaryConv2d\(k\): filters must be a positive integer/);
      expect(() => sequential([4], [binaryConv2d({ name: 'k', filters: 1, kernelSize: 3 })])).toThrow(/binaryConv2d\(k\): needs images/);
      expect(() => binaryConv2d({ name: 'k', filters: 1, kernelSize: 3, threshold: -1 })).toThrow(/binaryConv2d\(k\): reste\(threshold\)/);
    });
  });
}
