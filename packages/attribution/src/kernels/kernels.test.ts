import { describe, expect, it } from 'vitest';
import { GradbookError, grad, tf, tree } from '@gradbook/core';
import { empiricalNtk, gradSign, labelGradientAlignment } from '../index.js';
import { crossEntropy2, mlpSpec, specModel } from '../test-utils/spec-model.js';

describe('empiricalNtk', () => {
  it('of a linear model is x·xᵀ + 1 for one output and C·(x·xᵀ + 1) traced', () => {
    const { model, params } = specModel(mlpSpec([3, 2], 'linear', 4));
    const xs = [[1, 2, 0], [0, -1, 3], [2, 2, 2]];
    const x = tf.tensor2d(xs);
    const before = tf.memory().numTensors;
    const k0 = empiricalNtk({ model, params, x, output: 1 });
    const kt = empiricalNtk({ model, params, x });
    const want = xs.map((a) => xs.map((b) => a.reduce((s, v, i) => s + v * b[i]!, 0) + 1));
    (k0.arraySync() as number[][]).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i]![j]!, 4)));
    (kt.arraySync() as number[][]).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(2 * want[i]![j]!, 4)));
    tf.dispose([k0, kt]);
    expect(tf.memory().numTensors).toBe(before);
  });
  it("'sum' is the kernel of the summed logits, from per-example gradients taken one by one", () => {
    const { model, params } = specModel(mlpSpec([3, 4, 2], 'tanh', 5));
    const xs = [[1, 2, 0], [0, -1, 3], [2, 2, 2]];
    const x = tf.tensor2d(xs);
    const before = tf.memory().numTensors;
    const k = empiricalNtk({ model, params, x, output: 'sum' });
    const got = k.arraySync() as number[][];
    k.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const flat = xs.map((row) =>
      tf.tidy(() => {
        const g = grad((p: typeof params) => tf.sum(model.apply(p, tf.tensor2d([row]))) as tf.Scalar)(params);
        return Array.from(tf.concat(tree.leaves(g).map((t) => t.reshape([-1]))).dataSync());
      }),
    );
    const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);
    got.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(dot(flat[i]!, flat[j]!), 4)));
    // with a hidden layer the cross terms make it differ from the traced kernel
    const t = empiricalNtk({ model, params, x });
    expect(Math.abs((t.arraySync() as number[][])[0]![1]! - got[0]![1]!)).toBeGreaterThan(1e-3);
    t.dispose();
  });
  it('refuses an output out of range', () => {
    const { model, params } = specModel(mlpSpec([3, 2], 'linear', 4));
    expect(() => empiricalNtk({ model, params, x: tf.zeros([2, 3]), output: 2 })).toThrow(/output 2 is out of range: the model has 2 outputs/);
  });
});

describe('labelGradientAlignment', () => {
  it('is 1 for the label kernel itself and −1 for its negation, by hand', () => {
    const y = [0, 0, 1];
    const L = tf.tensor2d([[1, 1, 0], [1, 1, 0], [0, 0, 1]]);
    expect(labelGradientAlignment(L, y)).toBeCloseTo(1, 10);
    expect(labelGradientAlignment(tf.neg(L), y)).toBeCloseTo(-1, 10);
    // A kernel with the identity: centred identity vs centred label kernel.
    const I = tf.eye(3);
    const mI = 1 / 3;
    const mL = 5 / 9;
    let kl = 0;
    let kk = 0;
    let ll = 0;
    const Ia = I.arraySync() as number[][];
    const La = L.arraySync() as number[][];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) ((kl += (Ia[i]![j]! - mI) * (La[i]![j]! - mL)), (kk += (Ia[i]![j]! - mI) ** 2), (ll += (La[i]![j]! - mL) ** 2));
    expect(labelGradientAlignment(I, tf.tensor1d(y, 'int32'))).toBeCloseTo(kl / Math.sqrt(kk * ll), 6);
  });
  it('refuses a kernel of the wrong size or a single class', () => {
    expect(() => labelGradientAlignment(tf.eye(2), [0, 1, 1])).toThrow(/expected a \[3, 3\] kernel/);
    let err: unknown;
    try {
      labelGradientAlignment(tf.eye(2), [1, 1]);
    } catch (e) {
      err = e;
    }
    expect(GradbookError.isInstance(err)).toBe(true);
  });
});

describe('gradSign', () => {
  it('with one example counts the kernel entries with a non-zero gradient (no biases; sign(0) = 0)', () => {
    const { model, params } = specModel(mlpSpec([2, 3], 'linear', 1));
    // linear model, CE: ∂ℓ/∂W = x (p − onehot)ᵀ: all 6 kernel entries non-zero for x with no zeros;
    // the 3 bias entries are not counted.
    expect(gradSign({ model, params, loss: crossEntropy2, x: tf.tensor2d([[1, -2]]), y: tf.tensor1d([0], 'int32') })).toBe(6);
    // a zero input entry zeroes its kernel row's gradient: sign(0) = 0 drops those 3 entries
    expect(gradSign({ model, params, loss: crossEntropy2, x: tf.tensor2d([[0, -2]]), y: tf.tensor1d([0], 'int32') })).toBe(3);
  });
  it('equals the definition computed from explicit per-example kernel gradients, and frees what it makes', () => {
    const { model, params } = specModel(mlpSpec([2, 3], 'linear', 1));
    const x = tf.tensor2d([[1, -2], [-1, 2], [0.5, 0.5]]);
    const y = tf.tensor1d([0, 0, 2], 'int32');
    const p = tf.softmax(model.apply(params, x)).arraySync() as number[][];
    const xs = x.arraySync() as number[][];
    const ys = [0, 0, 2];
    let score = 0;
    for (let c = 0; c < 3; c++) {
      const d = p.map((row, i) => row[c]! - (ys[i] === c ? 1 : 0));
      for (let r = 0; r < 2; r++) score += Math.abs(d.reduce((s, v, i) => s + Math.sign(v * xs[i]![r]!), 0));
    }
    const before = tf.memory().numTensors;
    expect(gradSign({ model, params, loss: crossEntropy2, x, y })).toBe(score);
    expect(tf.memory().numTensors).toBe(before);
  });
  it('refuses a model without dense or conv2d layers', () => {
    const { model, params } = specModel(mlpSpec([2, 3], 'linear', 1));
    const flat = { ...model, layers: model.layers.map((l) => ({ ...l, type: 'other' })) };
    expect(() => gradSign({ model: flat, params, loss: crossEntropy2, x: tf.zeros([1, 2]), y: tf.tensor1d([0], 'int32') })).toThrow(/no dense or conv2d layer/);
  });
});
