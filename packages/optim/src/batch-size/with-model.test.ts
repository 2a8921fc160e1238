import { beforeAll, describe, expect, it } from 'vitest';
import { dense, mse, perExampleGrads, sequential, setBackend, tf, tree, valueAndGrad } from '@gradbook/core';
import type { Params, Tensor } from '@gradbook/core';
import { batchSizeController, batchStatistics } from '../index.js';

describe('batch statistics from a model (core perExampleGrads)', () => {
  beforeAll(async () => {
    await setBackend('wasm');
  });

  it('match statistics of gradients taken one example at a time', async () => {
    const model = sequential([3], [dense({ name: 'hidden', units: 5, activation: 'relu' }), dense({ name: 'out', units: 1 })]);
    const params = model.init(4);
    const x = tf.randomNormal([6, 3], 0, 1, 'float32', 1);
    const y = tf.randomNormal([6, 1], 0, 1, 'float32', 2);
    const before = tf.memory().numTensors;
    const per = perExampleGrads({ model, params, loss: mse, x, y });
    const stats = batchStatistics(per);
    tree.dispose(per);
    expect(tf.memory().numTensors).toBe(before);

    // independent: one valueAndGrad per example, flattened in tree order, statistics in float64
    const rows: number[][] = [];
    for (let i = 0; i < 6; i++) {
      const xi = x.slice([i, 0], [1, 3]);
      const yi = y.slice([i, 0], [1, 1]);
      const { value, grads } = valueAndGrad((p: Params) => mse(model.apply(p, xi), yi))(params);
      rows.push(tree.leaves(grads as never).flatMap((g: Tensor) => Array.from(g.dataSync())));
      tree.dispose(xi, yi, value, grads);
    }
    const p = rows[0]!.length;
    const mean = Array.from({ length: p }, (_, j) => rows.reduce((s, r) => s + r[j]!, 0) / 6);
    const m2 = mean.reduce((s, v) => s + v * v, 0);
    const variance = rows.reduce((s, r) => s + r.reduce((t, v, j) => t + (v - mean[j]!) ** 2, 0), 0) / 5;
    expect(stats.meanNormSq).toBeCloseTo(m2, 4);
    expect(stats.variance / variance).toBeCloseTo(1, 4);

    // and the controller asks for the batch the norm test wants
    const ctl = batchSizeController({ initial: 6, max: 10_000, eta: 0.5 });
    ctl.observe(stats);
    // (±1: the float32 statistics may round the other way at an integer boundary)
    expect(Math.abs(ctl.next() - Math.max(6, Math.ceil(variance / (0.25 * m2))))).toBeLessThanOrEqual(1);
    tree.dispose(params, x, y);
  });
});
