import { afterAll, describe, expect, it } from 'vitest';
import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { setBackend } from '../backend.js';
import { tf } from '../tf.js';
import { valueAndGrad, grad } from './value-and-grad.js';
import { hvp } from './hvp.js';
import { perExampleGradNorms, perExampleGrads, perExampleGradsByLoop } from './per-example-grads.js';
import { fromSpec } from '../model/from-spec.js';
import { sequential } from '../model/sequential.js';
import { conv2d } from '../layers/conv2d.js';
import { dense } from '../layers/dense.js';
import { flatten } from '../layers/flatten.js';
import { maxPool2d } from '../layers/pool.js';
import { crossEntropy } from '../losses/cross-entropy.js';
import { mse } from '../losses/mse.js';
import { closeness, flatNumbers, loadCase, tensorTree } from '../test-utils/conformance.js';
import { leaked, relErr } from '../test-utils/finite-diff.js';
import { randoms } from '../test-utils/reference64.js';
import { dispose } from '../tree/arithmetic.js';
import type { Model, Params } from '../model/types.js';
import { residual } from '../model/residual.js';
import { concat } from '../model/concat.js';
import { layerNorm } from '../layers/layer-norm.js';

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`autodiff on ${backend}`, () => {
    afterAll(() => setBackend('cpu'));

    it('valueAndGrad takes a single tensor as a tree (input gradients) and disposes nothing of the caller', async () => {
      await setBackend(backend);
      const x = tf.tensor1d([1, -2, 3]);
      const n = await leaked(() =>
        tf.tidy(() => {
          const { value, grads } = valueAndGrad((t: Tensor) => tf.sum(tf.square(t)) as Scalar)(x);
          expect(value.dataSync()[0]).toBeCloseTo(14, 5);
          expect(Array.from((grads as Tensor).dataSync())).toEqual([2, -4, 6]);
        }),
      );
      expect(n).toBe(0);
      expect(x.isDisposed).toBe(false);
      x.dispose();
    });

    it('grad of a tree gives zeros for leaves the function ignores, and refuses non-scalars', async () => {
      await setBackend(backend);
      const p = { a: tf.tensor1d([1, 2]), b: { c: tf.tensor1d([3]) } };
      const n = await leaked(() =>
        tf.tidy(() => {
          const g = grad((q: typeof p) => tf.sum(tf.mul(q.a, 3)) as Scalar)(p) as { a: Tensor; b: { c: Tensor } };
          expect(Array.from(g.a.dataSync())).toEqual([3, 3]);
          expect(Array.from(g.b.c.dataSync())).toEqual([0]);
        }),
      );
      expect(n).toBe(0);
      expect(() => grad((q: typeof p) => q.a as unknown as Scalar)(p)).toThrow(/must return a scalar tensor, got shape \[2\]/);
      tf.dispose([p.a, p.b.c]);
    });

    it('a function that throws mid-gradient leaves no tensors behind, in a gradient or an hvp', async () => {
      await setBackend(backend);
      const p = { w: tf.tensor2d([[1, 2], [3, 4]]), b: tf.tensor1d([0.5, -0.5]) };
      const x = tf.tensor2d([[1, -1], [2, 0.5]]);
      // The ops before the throw save tensors for their backward pass, which tfjs frees only when a gradient completes.
      const failing = (q: typeof p): Scalar => {
        const h = tf.tanh(tf.add(tf.matMul(x, q.w), q.b));
        return mse(h, tf.zeros([2, 3]));
      };
      const before = tf.memory().numTensors;
      expect(() => tf.tidy(() => valueAndGrad(failing)(p))).toThrow(/mse\(target\)/);
      expect(() => tf.tidy(() => hvp(failing, p, p))).toThrow(/mse\(target\)/);
      expect(tf.memory().numTensors).toBe(before);
      // And the engine still differentiates correctly afterwards.
      const g = grad((q: typeof p) => tf.sum(tf.mul(q.b, 2)) as Scalar)(p) as { b: Tensor; w: Tensor };
      expect(Array.from(g.b.dataSync())).toEqual([2, 2]);
      tf.dispose([p.w, p.b, x, g.b, g.w]);
    });

    it('hvp of a quadratic ½xᵀAx is A·v exactly, and a mismatched vector names the path', async () => {
      await setBackend(backend);
      const A = tf.tensor2d([[2, 1], [1, 3]]);
      const x = { w: tf.tensor1d([0.5, -1]) };
      const v = { w: tf.tensor1d([1, 2]) };
      const f = (p: typeof x) => tf.mul(0.5, tf.sum(tf.mul(p.w, tf.squeeze(tf.matMul(A, tf.reshape(p.w, [2, 1])))))) as Scalar;
      const n = await leaked(() =>
        tf.tidy(() => {
          const hv = hvp(f, x, v) as { w: Tensor };
          expect(Array.from(hv.w.dataSync())).toEqual([4, 7]);
        }),
      );
      expect(n).toBe(0);
      expect(() => hvp(f, x, { u: v.w } as never)).toThrow(/hvp\(vector\).*lacks w/);
      tf.dispose([A, x.w, v.w]);
    });

    it('the tanh MLP H·v of hvp-mlp-public is right with gradbook ops and wrong with stock tfjs ops', async () => {
      await setBackend(backend);
      const c = loadCase('hvp-mlp-public');
      const { model, params } = fromSpec(c.model);
      const x = tf.tensor(c.inputs);
      const y = tf.tensor1d(c.labels, 'int32');
      const v = tensorTree(c.vector);
      const ours = hvp((p: Params) => crossEntropy(model.apply(p, x), y), params, v);
      expect(closeness(ours, c.expected, c.tolerance).worst).toBeLessThanOrEqual(0);
      // The same network written with tfjs's own tanh and softmax cross-entropy.
      const stockLoss = (p: Params) => {
        const h = tf.tanh(tf.add(tf.matMul(x, p.dense1!.kernel!), p.dense1!.bias!));
        const z = tf.add(tf.matMul(h, p.dense2!.kernel!), p.dense2!.bias!);
        return tf.losses.softmaxCrossEntropy(tf.oneHot(y, 3), z) as Scalar;
      };
      let stockErr: number;
      try {
        const stock = hvp(stockLoss, params, v);
        stockErr = relErr(flatNumbers(stock), flatNumbers(c.expected));
        dispose(stock as never);
      } catch {
        stockErr = Infinity; // some stock double gradients throw instead
      }
      expect(stockErr).toBeGreaterThan(0.05);
      tf.dispose([x, y]);
      [ours, v, params].forEach((t) => dispose(t as never));
    });

    it('an HVP through sigmoid layers matches the directional difference of gradients in float64', async () => {
      await setBackend(backend);
      // f(θ) for a 3-2-1 sigmoid net on one input, written out in float64 for the reference.
      const model = sequential([3], [dense({ name: 'h', units: 2, activation: 'sigmoid' }), dense({ name: 'o', units: 1, activation: 'sigmoid' })]);
      const params = model.init(4);
      const xv = [0.3, -0.8, 0.5];
      const x = tf.tensor2d([xv]);
      const t = tf.tensor2d([[0.9]]);
      const f = (p: Params) => mse(model.apply(p, x), t);
      const sig = (z: number) => 1 / (1 + Math.exp(-z));
      // flat order: h.bias(2), h.kernel(3×2), o.bias(1), o.kernel(2×1)
      const f64 = (q: number[]) => {
        const hb = q.slice(0, 2);
        const hk = q.slice(2, 8);
        const ob = q[8]!;
        const ok = q.slice(9, 11);
        const h = [0, 1].map((j) => sig(hb[j]! + xv.reduce((s, xi, i) => s + xi * hk[i * 2 + j]!, 0)));
        const o = sig(ob + h[0]! * ok[0]! + h[1]! * ok[1]!);
        return (o - 0.9) ** 2;
      };
      const flat = flatNumbers(params);
      const vv = randoms(3, flat.length);
      const { hvp64 } = await import('../test-utils/reference64.js');
      const ref = hvp64(f64, flat, vv);
      const vTree = tf.tidy(() => ({ h: { bias: tf.tensor1d(vv.slice(0, 2)), kernel: tf.tensor2d(vv.slice(2, 8), [3, 2]) }, o: { bias: tf.tensor1d(vv.slice(8, 9)), kernel: tf.tensor2d(vv.slice(9, 11), [2, 1]) } }));
      const hv = hvp(f, params, vTree);
      expect(relErr(flatNumbers(hv), ref)).toBeLessThan(1e-3);
      [hv, vTree, params].forEach((p) => dispose(p as never));
      tf.dispose([x, t]);
    });

    const MODELS: Record<string, () => Model> = {
      mlp: () => sequential([5], [dense({ name: 'h', units: 4, activation: 'tanh' }), dense({ name: 'o', units: 3 })]),
      cnn: () =>
        sequential([5, 5, 2], [
          conv2d({ name: 'c', filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }),
          maxPool2d({ name: 'p' }),
          conv2d({ name: 'c2', filters: 2, kernelSize: 2, strides: 2, padding: 'same', activation: 'tanh' }),
          flatten(),
          dense({ name: 'o', units: 3 }),
        ]),
      'cnn (valid, stride 2 on an odd size)': () =>
        sequential([7, 7, 2], [
          conv2d({ name: 'c', filters: 3, kernelSize: 3, strides: 2, padding: 'valid', activation: 'sigmoid' }),
          conv2d({ name: 'c2', filters: 2, kernelSize: 2, padding: 'same' }),
          flatten(),
          dense({ name: 'o', units: 3 }),
        ]),
      'residual and concat blocks': () =>
        sequential([5], [
          residual([dense({ name: 'r', units: 5, activation: 'tanh' })], { name: 'res' }),
          concat([[dense({ name: 'a', units: 2, activation: 'tanh' })], []], { name: 'cat' }),
          dense({ name: 'o', units: 3 }),
        ]),
      'layerNorm (by loop)': () => sequential([5], [dense({ name: 'h', units: 4 }), layerNorm({ name: 'ln', activation: 'tanh' }), dense({ name: 'o', units: 3 })]),
    };

    for (const [name, make] of Object.entries(MODELS)) {
      it(`perExampleGrads (${name}) equals a loop of single-example gradients; norms agree; nothing leaks`, async () => {
        await setBackend(backend);
        const model = make();
        const params = model.init(2);
        const n = 4;
        const x = tf.tensor(randoms(17, n * model.inputShape.reduce((a, b) => a * b)), [n, ...model.inputShape]);
        const y = tf.tensor1d([0, 2, 1, 2], 'int32');
        const opts = { model, params, loss: crossEntropy, x, y };
        const leftover = await leaked(() =>
          tf.tidy(() => {
            const fast = perExampleGrads(opts);
            for (const [layer, group] of Object.entries(params)) {
              for (const [k, t] of Object.entries(group)) expect(fast[layer]![k]!.shape).toEqual([n, ...t.shape]);
            }
            // reference: each example's own gradient, computed independently
            const ref: number[][] = [];
            for (let i = 0; i < n; i++) {
              const g = grad((p: Params) => crossEntropy(model.apply(p, tf.slice(x, i, 1)), tf.slice(y, i, 1)))(params);
              ref.push(flatNumbers(g));
            }
            const byExample = (tree: Params) => {
              const out: number[][] = Array.from({ length: n }, () => []);
              for (const layer of Object.keys(tree).sort())
                for (const k of Object.keys(tree[layer]!).sort()) {
                  const t = tree[layer]![k]!;
                  const per = t.size / n;
                  const d = t.dataSync();
                  for (let i = 0; i < n; i++) out[i]!.push(...Array.from(d.subarray(i * per, (i + 1) * per)));
                }
              return out;
            };
            const got = byExample(fast);
            for (let i = 0; i < n; i++) expect(relErr(got[i]!, ref[i]!)).toBeLessThan(1e-4);
            const loop = byExample(perExampleGradsByLoop(opts as never, n));
            for (let i = 0; i < n; i++) expect(relErr(loop[i]!, ref[i]!)).toBeLessThan(1e-5);
            const norms = Array.from(perExampleGradNorms(opts).dataSync());
            const sq = Array.from(perExampleGradNorms({ ...opts, squared: true }).dataSync());
            ref.forEach((r, i) => {
              const nrm = Math.sqrt(r.reduce((s, v) => s + v * v, 0));
              expect(norms[i]).toBeCloseTo(nrm, 4);
              expect(sq[i]).toBeCloseTo(nrm * nrm, 3);
            });
          }),
        );
        expect(leftover).toBe(0);
        expect(x.isDisposed).toBe(false);
        tf.dispose([x, y]);
        dispose(params);
      });
    }

    it('perExampleGrads of a model not made by sequential falls back to a loop', async () => {
      await setBackend(backend);
      const inner = MODELS.mlp!();
      const wrapped: Model = { inputShape: inner.inputShape, outputShape: inner.outputShape, layers: inner.layers, init: inner.init, apply: inner.apply };
      const params = inner.init(0);
      const x = tf.tensor2d(randoms(1, 10), [2, 5]);
      const y = tf.tensor1d([1, 0], 'int32');
      const a = perExampleGrads({ model: wrapped, params, loss: crossEntropy, x, y });
      const b = perExampleGrads({ model: inner, params, loss: crossEntropy, x, y });
      expect(relErr(flatNumbers(a), flatNumbers(b))).toBeLessThan(1e-5);
      [a, b, params].forEach((t) => dispose(t));
      tf.dispose([x, y]);
    });
  });
}
