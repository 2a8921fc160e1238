import { describe, expect, it } from 'vitest';
import { accuracy, crossEntropy, dense, sequential, tf, tree, valueAndGrad } from '@gradbook/core';
import type { Params } from '@gradbook/core';
import { batchLoader } from './batch-loader.js';
import { runLog } from './run-log.js';
import { splitDataset } from './split-dataset.js';
import { moons } from './synthetic/moons.js';

describe('data → core training', () => {
  it('an MLP trained on shuffled moons batches learns the held-out set, leaking no tensor', async () => {
    const { train, test } = splitDataset(moons({ n: 600, noise: 0.1, seed: 0 }), { validation: 0.1, test: 0.2, seed: 0 });
    const model = sequential([2], [dense({ units: 16, activation: 'relu' }), dense({ units: 16, activation: 'relu' }), dense({ units: 2 })]);
    let params: Params = model.init(0);
    const before = tf.memory().numTensors;
    const loader = batchLoader(train, { batchSize: 32, seed: 1 });
    const log = runLog();
    let step = 0;
    for (let epoch = 0; epoch < 40; epoch++) {
      for await (const { x, y } of loader.batches(epoch)) {
        const { value, grads } = valueAndGrad((p: Params) => crossEntropy(model.apply(p, x), y))(params);
        const next = tf.tidy(() => tree.axpy(params, -0.1, grads) as never) as Params;
        log.append({ step: ++step, epoch, loss: value.dataSync()[0] });
        tree.dispose(params, grads, value);
        params = next;
      }
    }
    expect(tf.memory().numTensors).toBe(before);
    const { x, y } = test.toTensors();
    const acc = tf.tidy(() => accuracy(model.apply(params, x), y));
    expect(acc.dataSync()[0]).toBeGreaterThan(0.95);
    expect(log.movingAverage('loss', 20).at(-1)!).toBeLessThan(log.movingAverage('loss', 20)[19]! / 3);
    tf.dispose([x, y, acc]);
    tree.dispose(params);
  });
});
