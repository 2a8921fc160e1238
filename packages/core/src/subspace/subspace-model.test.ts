import { afterAll, describe, expect, it } from 'vitest';
import { setBackend } from '../backend.js';
import { tf } from '../tf.js';
import { dense } from '../layers/dense.js';
import { sequential } from '../model/sequential.js';
import { crossEntropy } from '../losses/cross-entropy.js';
import { accuracy } from '../losses/accuracy.js';
import { valueAndGrad } from '../autodiff/value-and-grad.js';
import { train } from '../train/train.js';
import * as tree from '../tree/index.js';
import { gradError, hvpError, leaked } from '../test-utils/finite-diff.js';
import { denseProjection } from './dense-projection.js';
import { subspaceModel, type SubspaceParams } from './subspace-model.js';

const mlp = () => sequential([3], [dense({ name: 'hidden', units: 4, activation: 'tanh' }), dense({ name: 'out', units: 2 })]);
// D = 3·4 + 4 + 4·2 + 2 = 26
const D = 26;
const xs = [[0.5, -1, 2], [1, 0.3, -0.2], [-1, 1, 1], [0.2, 0.2, -2]];
const ys = [0, 1, 1, 0];

/** Plain SGD as a gradient transformation (core cannot import @gradbook/optim). */
const sgd = (lr: number) => ({ init: () => ({}), update: (g: any, s: unknown) => ({ updates: tree.scale(g, -lr), state: s }) });

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`subspaceModel on ${backend}`, () => {
    afterAll(() => setBackend('cpu'));

    it('θ = θ0 + P·d over the layers in order, kernel before bias, row-major; leaking nothing', async () => {
      await setBackend(backend);
      const base = mlp();
      const theta0 = base.init(5);
      const P = Array.from({ length: D }, (_, i) => [Math.sin(i), Math.cos(2 * i)]);
      const projection = denseProjection({ matrix: P });
      const n = await leaked(() => {
        const sub = subspaceModel(base, { theta0, projection });
        expect([sub.dim, sub.size]).toEqual([2, D]);
        const params = { subspace: { d: tf.tensor1d([0.7, -1.5]) } };
        const th = sub.theta(params);
        const flat0 = ['hidden', 'out'].flatMap((l) => ['kernel', 'bias'].flatMap((p) => Array.from(theta0[l]![p]!.dataSync())));
        const got = ['hidden', 'out'].flatMap((l) => ['kernel', 'bias'].flatMap((p) => Array.from(th[l]![p]!.dataSync())));
        got.forEach((v, i) => expect(v).toBeCloseTo(flat0[i]! + 0.7 * P[i]![0]! - 1.5 * P[i]![1]!, 5));
        expect(th['hidden']!['kernel']!.shape).toEqual([3, 4]);
        // at d = 0 the subspace model is the base model at θ0
        const z = sub.init();
        const x = tf.tensor2d(xs);
        const a = sub.apply(z, x);
        const b = base.apply(theta0, x);
        expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
        tree.dispose([th, params, z, x, a, b]);
        sub.dispose();
      });
      expect(n).toBe(0);
      tree.dispose([theta0]);
      projection.dispose();
    });

    for (const kind of ['dense', 'sparse', 'fastfood'] as const) {
      it(`${kind}: the gradient in d is Pᵀ·∇θ and, with the HVP, matches finite differences`, async () => {
        await setBackend(backend);
        const base = mlp();
        const sub = subspaceModel(base, { dim: 5, projection: kind, seed: 3 });
        const x = tf.tensor2d(xs);
        const y = tf.tensor1d(ys, 'int32');
        const f = (p: SubspaceParams) => crossEntropy(sub.apply(p, x), y);
        const p0 = { subspace: { d: tf.tensor1d([0.3, -0.2, 0.5, 0.1, -0.4]) } };
        const n = await leaked(() => {
          expect(gradError(f, p0, { eps: 1e-2 })).toBeLessThan(3e-3);
          expect(hvpError(f, p0, { eps: 1e-2 })).toBeLessThan(3e-3);
          // Pᵀ·∇θ: the gradient in θ pulled back through P's columns
          tf.tidy(() => {
            const { grads } = valueAndGrad(f)(p0);
            const th = sub.theta(p0);
            const { grads: gTheta } = valueAndGrad((t: typeof th) => crossEntropy(base.apply(t, x), y))(th);
            const flatG = tf.concat(['hidden', 'out'].flatMap((l) => ['kernel', 'bias'].map((q) => tf.reshape(gTheta[l]![q]!, [-1]))));
            for (let j = 0; j < 5; j++) {
              const col = sub.projection.apply(tf.oneHot(tf.tensor1d([j], 'int32'), 5).reshape([5]).toFloat());
              expect(grads.subspace.d.dataSync()[j]).toBeCloseTo(tf.sum(tf.mul(col, flatG)).dataSync()[0]!, 4);
            }
          });
        });
        expect(n).toBe(0);
        tree.dispose([x, y, p0]);
        sub.dispose();
      });
    }
  });
}

describe('subspaceModel training and errors', () => {
  it('trains only d: in a 10-dimensional Fastfood subspace the loss falls and the blobs are separated', async () => {
    await setBackend('cpu');
    const base = mlp();
    const sub = subspaceModel(base, { dim: 10, seed: 1 });
    const n = 64;
    const x = tf.tensor2d(Array.from({ length: n }, (_, i) => [i % 2 ? 1 : -1, Math.sin(i), Math.cos(i)].map((v, k) => (k === 0 ? v + 0.3 * Math.sin(7 * i) : v))));
    const y = tf.tensor1d(Array.from({ length: n }, (_, i) => i % 2), 'int32');
    const before = tf.memory().numTensors;
    let first = NaN;
    let last: any;
    for await (const e of train({ model: sub, loss: crossEntropy, optimizer: sgd(2), data: { x, y }, steps: 60 })) {
      if (e.step === 1) first = e.loss;
      last = e;
    }
    expect(Object.keys(last.params)).toEqual(['subspace']);
    expect(last.loss).toBeLessThan(first * 0.5);
    const acc = tf.tidy(() => accuracy(sub.apply(last.params, x), y).dataSync()[0]!);
    expect(acc).toBeGreaterThan(0.9);
    tree.dispose(last.params);
    expect(tf.memory().numTensors).toBe(before);
    tree.dispose([x, y]);
    sub.dispose();
  });

  it('names what is wrong: missing theta0 entries, a projection of the wrong size, bad d, no dim', () => {
    const base = mlp();
    expect(() => subspaceModel(base, { dim: 2, theta0: { hidden: base.init(0)['hidden']! } })).toThrow(/subspaceModel\(theta0\): theta0 lacks 'out.kernel'/);
    const p = denseProjection({ dim: 2, size: 25 });
    expect(() => subspaceModel(base, { projection: p })).toThrow(/subspaceModel\(projection\): the projection maps into 25 parameters, the model has 26/);
    p.dispose();
    expect(() => subspaceModel(base, {})).toThrow(/subspaceModel\(dim\): give the subspace dimension/);
    expect(() => subspaceModel(base, { dim: 2, projection: 'gaussian' as never })).toThrow(/unknown projection "gaussian"/);
    const sub = subspaceModel(base, { dim: 3 });
    expect(() => sub.apply({ subspace: { d: tf.zeros([4]) } }, tf.zeros([1, 3]))).toThrow(/expected the subspace coordinates as a vector \[3\], got \[4\]/);
    expect(() => sub.apply({} as never, tf.zeros([1, 3]))).toThrow(/expected \{ subspace: \{ d \} \}/);
    sub.dispose();
  });
});
