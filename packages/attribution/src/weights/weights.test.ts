import { describe, expect, it } from 'vitest';
import { GradbookError, tf, tree } from '@gradbook/core';
import { dampen, fisherDiagonal, saliencyMask, weightSaliency } from '../index.js';
import { crossEntropy2, mlpSpec, specModel } from '../test-utils/spec-model.js';

describe('saliencyMask', () => {
  const s = { a: { kernel: tf.tensor([[0.1, 0.9], [0.5, 0.5]]) }, b: { bias: tf.tensor([0.2, 0.7]) } };
  it('ranks over all parameters together with k = ceil(ratio·count)', () => {
    // 6 values: 0.9, 0.7, 0.5, 0.5, 0.2, 0.1. ratio 0.3 → k = 2 → threshold 0.7
    const m = saliencyMask(s, 0.3);
    expect(m.a!.kernel!.arraySync()).toEqual([[0, 1], [0, 0]]);
    expect(m.b!.bias!.arraySync()).toEqual([0, 1]);
  });
  it('keeps every tie at the threshold', () => {
    // ratio 0.5 → k = 3 → threshold 0.5, both 0.5s kept → 4 ones
    const m = saliencyMask(s, 0.5);
    expect(m.a!.kernel!.arraySync()).toEqual([[0, 1], [1, 1]]);
    expect(m.b!.bias!.arraySync()).toEqual([0, 1]);
  });
  it('never keeps a zero-saliency weight below ratio 1, even when zeros are the majority', () => {
    // 6 values: 0.9, 0.4, 0, 0, 0, 0. ratio 0.5 → k = 3 → threshold 0, yet only the 2 nonzero ones are kept
    const z = { a: { kernel: tf.tensor([[0, 0.9], [0, 0]]) }, b: { bias: tf.tensor([0.4, 0]) } };
    const m = saliencyMask(z, 0.5);
    expect(m.a!.kernel!.arraySync()).toEqual([[0, 1], [0, 0]]);
    expect(m.b!.bias!.arraySync()).toEqual([1, 0]);
    const all = saliencyMask(z, 1);
    expect(all.a!.kernel!.arraySync()).toEqual([[1, 1], [1, 1]]);
    expect(all.b!.bias!.arraySync()).toEqual([1, 1]);
  });
  it.each([0, 1.5, -0.1, NaN])('refuses a ratio of %s outside (0, 1]', (r) => {
    let err: unknown;
    try {
      saliencyMask(s, r);
    } catch (e) {
      err = e;
    }
    expect(GradbookError.isInstance(err)).toBe(true);
    expect((err as Error).message).toMatch(/saliencyMask\(ratio\): expected a fraction in \(0, 1\], got/);
  });
});

describe('dampen (the SSD rule)', () => {
  it('multiplies selected weights by min(λ F_D / F_f, 1) and leaves the rest', () => {
    const params = { l: { kernel: tf.tensor([1, 2, 3, 4]) } };
    const fisherAll = { l: { kernel: tf.tensor([1, 1, 1, 0]) } };
    const fisherForget = { l: { kernel: tf.tensor([0.5, 3, 1.5, 2]) } };
    // alpha 1: selected where F_f > F_D: entries 1, 2, 3. lambda 2: factors min(2/3,1), min(2/1.5,1)=1, min(0,1)=0
    const out = dampen({ params, fisherAll, fisherForget, alpha: 1, lambda: 2 });
    const got = Array.from(out.l!.kernel!.dataSync());
    [1, 2 * (2 / 3), 3, 0].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 6));
  });
});

describe('fisherDiagonal and weightSaliency', () => {
  const { model, params } = specModel(mlpSpec([3, 4, 2], 'tanh', 2));
  const x = tf.randomNormal([5, 3], 0, 1, 'float32', 3);
  const y = tf.tensor1d([0, 1, 1, 0, 1], 'int32');
  it('the Fisher diagonal is the mean of squared single-example gradients; saliency is |batch gradient|', () => {
    const before = tf.memory().numTensors;
    const F = fisherDiagonal({ model, params, loss: crossEntropy2, x, y });
    const S = weightSaliency({ model, params, loss: crossEntropy2, x, y });
    expect(tf.memory().numTensors).toBe(before + 2 * tree.leaves(params).length);
    // independent: full-batch gradient of a sum of per-example losses via one-hot weighting
    const gradOf = (w: number[]) => {
      const { leaves, structure } = tree.flatten(params);
      const wt = tf.tensor1d(w);
      return tf.grads((...ls: tf.Tensor[]) => {
        const logits = model.apply(tree.unflatten(structure, ls) as never, x);
        const logp = tf.logSoftmax(logits);
        return tf.neg(tf.sum(tf.mul(wt, tf.sum(tf.mul(tf.oneHot(y, 2), logp), 1))));
      })(leaves);
    };
    const per = [0, 1, 2, 3, 4].map((i) => gradOf([0, 1, 2, 3, 4].map((j) => (j === i ? 1 : 0))));
    const mean = gradOf([0.2, 0.2, 0.2, 0.2, 0.2]);
    const fl = tree.flatten(F).leaves;
    const sl = tree.flatten(S).leaves;
    fl.forEach((f, k) => {
      const want = tf.div(tf.addN(per.map((g) => tf.square(g[k]!))), 5).dataSync();
      f.dataSync().forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
      const sal = tf.abs(mean[k]!).dataSync();
      sl[k]!.dataSync().forEach((v, i) => expect(v).toBeCloseTo(sal[i]!, 6));
    });
  });
});
