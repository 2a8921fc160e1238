import { afterAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs';
import { setBackend } from '../backend.js';
import { tf } from '../tf.js';
import { sequential } from '../model/sequential.js';
import { dense } from '../layers/dense.js';
import { crossEntropy } from '../losses/cross-entropy.js';
import { psKdLoss } from '../losses/ps-kd-loss.js';
import { softmax } from '../ops/softmax.js';
import type { GradientTransformation } from '../gradient-transformation.js';
import { map as treeMap } from '../tree/map.js';
import { clone, dispose } from '../tree/arithmetic.js';
import { randoms } from '../test-utils/reference64.js';
import type { Params } from '../model/types.js';
import { train } from './train.js';
import { psKd } from './ps-kd.js';
import type { Batch } from './data-source.js';

const sgd = (lr: number): GradientTransformation<null> => ({
  init: () => null,
  update: (g) => ({ updates: treeMap(g, (t: Tensor) => tf.mul(t, -lr)) as never, state: null }),
});

const model = sequential([3], [dense({ name: 'h', units: 6, activation: 'tanh' }), dense({ name: 'out', units: 3 })]);
const N = 8;
const LABELS = Array.from({ length: N }, (_, i) => i % 3);

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`psKd in train on ${backend}`, () => {
    afterAll(() => setBackend('cpu'));

    it('epoch 1 trains on the labels; epoch t on (1 − α_t)·onehot + α_t·(the prediction of epoch t − 1), per example by rows, in any order; nothing leaks', async () => {
      await setBackend(backend);
      const X = randoms(150, N * 3, -1, 1);
      const x = tf.tensor2d(X, [N, 3]);
      const y = tf.tensor1d(LABELS, 'int32');
      // two batches per epoch, and the second epoch visits the examples in another order
      const half = (rows: number[]): Batch => ({ x: tf.gather(x, rows), y: tf.gather(y, rows), rows: Int32Array.from(rows) });
      const orders = [[0, 1, 2, 3, 4, 5, 6, 7], [7, 2, 5, 0, 3, 6, 1, 4], [1, 3, 5, 7, 0, 2, 4, 6]];
      const batches = orders.map((o) => [half(o.slice(0, 4)), half(o.slice(4))]);
      const params = model.init(1);
      const before = tf.memory().numTensors;
      const loss = psKd({ alphaT: 0.6, epochs: 3 });
      expect([0, 1, 2].map((e) => loss.alphaAt(e))).toEqual([0.2, 0.4, 0.6].map((v) => expect.closeTo(v, 12)));
      // the parameters before each step, and the loss reported for it
      const seenParams: Params[] = [clone(params)];
      const reported: number[] = [];
      for await (const e of train({ model, params, loss, optimizer: sgd(0.5), data: (epoch: number) => batches[epoch]!, epochs: 3 })) {
        reported.push(e.loss);
        seenParams.push(clone(e.params));
        if (e.step === 6) dispose(e.params);
      }
      expect(loss.remembered).toBe(N);
      // replay: the prediction of each example on the step that visited it, before that step's update
      const prediction = new Map<number, Float32Array>();
      let step = 0;
      for (let epoch = 0; epoch < 3; epoch++) {
        for (const b of batches[epoch]!) {
          const p = seenParams[step]!;
          const expected = tf.tidy(() => {
            const logits = model.apply(p, b.x, { training: true });
            const rows = Array.from(b.rows!);
            const prev = tf.tensor2d(rows.map((r, i) => (prediction.has(r) ? Array.from(prediction.get(r)!) : [0, 1, 2].map((c) => (c === b.y.arraySync()[i] ? 1 : 0)))));
            const value = epoch === 0 ? crossEntropy(logits, b.y).dataSync()[0]! : psKdLoss(logits, b.y, prev, loss.alphaAt(epoch)).dataSync()[0]!;
            const probs = softmax(logits).dataSync();
            rows.forEach((r, i) => prediction.set(r, probs.slice(i * 3, i * 3 + 3)));
            return value;
          });
          expect(reported[step]).toBeCloseTo(expected, 5);
          step++;
        }
      }
      seenParams.forEach((p) => dispose(p));
      expect(tf.memory().numTensors).toBe(before);
      dispose(params);
      batches.flat().forEach((b) => tf.dispose([b.x, b.y]));
      tf.dispose([x, y]);
    });

    it('refuses batches without rows, threads, and bad options, naming them', async () => {
      await setBackend(backend);
      const params = model.init(0);
      const data = { x: tf.zeros([2, 3]), y: tf.tensor1d([0, 1], 'int32') };
      await expect(async () => {
        for await (const _ of train({ model, params, loss: psKd({ epochs: 2 }), optimizer: sgd(0.1), data, epochs: 2 }));
      }).rejects.toThrow(/psKd\(batch\.rows\): PS-KD keeps a prediction per example and needs each batch's rows/);
      await expect(train({ model, params, loss: psKd({ epochs: 2 }), optimizer: sgd(0.1), data, epochs: 2, threads: 2 }).next()).rejects.toThrow(/train\(threads\): a per-batch loss \(such as psKd\) runs on one thread/);
      expect(() => psKd({ epochs: 0 })).toThrow(/psKd\(epochs\): expected the run's number of epochs/);
      expect(() => psKd({ epochs: 2, alphaT: 2 })).toThrow(/psKd\(alphaT\): expected a number in \[0, 1\], got 2/);
      dispose(params);
      tf.dispose([data.x, data.y]);
    });
  });
}
