import { afterAll, describe, expect, it } from 'vitest';
import { setBackend } from '../backend.js';
import { tf } from '../tf.js';
import { sequential } from '../model/sequential.js';
import { conv2d } from './conv2d.js';
import { dense } from './dense.js';
import { flatten } from './flatten.js';
import { batchNorm } from './batch-norm.js';
import { crossEntropy } from '../losses/cross-entropy.js';
import { train } from '../train/train.js';
import { perExampleGrads } from '../autodiff/per-example-grads.js';
import { gradError, hvpError, leaked } from '../test-utils/finite-diff.js';
import { randoms } from '../test-utils/reference64.js';
import { dispose } from '../tree/arithmetic.js';
import type { ModelState, Params } from '../model/types.js';
import type { GradientTransformation } from '../gradient-transformation.js';

const sgd = (lr: number): GradientTransformation<null> => ({
  init: () => null,
  update: (grads) => ({ updates: Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, Object.fromEntries(Object.entries(g).map(([n, t]) => [n, tf.mul(t, -lr)]))])) as never, state: null }),
});

const column = (rows: number[][], j: number) => rows.map((r) => r[j]!);
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const biasedVar = (v: number[]) => mean(v.map((x) => (x - mean(v)) ** 2));

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`batchNorm on ${backend}`, () => {
    afterAll(() => setBackend('cpu'));
    const rows = [[1, 10], [2, 12], [4, 9], [5, 13]];

    it('training mode (and no state) normalises with the batch; evaluation with a state uses the running statistics', async () => {
      await setBackend(backend);
      const model = sequential([2], [batchNorm({ name: 'bn', epsilon: 1e-3 })]);
      const params = model.init(0);
      const x = tf.tensor2d(rows);
      const n = await leaked(() => {
        const expected = rows.map((r) => r.map((v, j) => (v - mean(column(rows, j))) / Math.sqrt(biasedVar(column(rows, j)) + 1e-3)));
        for (const out of [model.apply(params, x, { training: true }), model.apply(params, x)]) {
          (out.arraySync() as number[][]).forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 4)));
          out.dispose();
        }
        const state: ModelState = { bn: { mean: tf.tensor1d([1, 10]), variance: tf.tensor1d([4, 1]) } };
        const evaluated = model.apply(params, x, { state });
        (evaluated.arraySync() as number[][]).forEach((r, i) =>
          r.forEach((v, j) => expect(v).toBeCloseTo((rows[i]![j]! - [1, 10][j]!) / Math.sqrt([4, 1][j]! + 1e-3), 4)),
        );
        // Training mode ignores the state for normalising.
        const trained = model.apply(params, x, { training: true, state });
        expect(trained.arraySync()).not.toEqual(evaluated.arraySync());
        tf.dispose([evaluated, trained]);
        dispose(state);
      });
      expect(n).toBe(0);
      tf.dispose(x);
      dispose(params);
    });

    it('applyWithState moves the running mean and unbiased variance by momentum; evaluation returns copies', async () => {
      await setBackend(backend);
      const model = sequential([2], [batchNorm({ name: 'bn', momentum: 0.25 })]);
      const params = model.init(0);
      const x = tf.tensor2d(rows);
      const n = await leaked(() => {
        const start = model.initState!();
        expect(Object.keys(start)).toEqual(['bn']);
        const { output, state } = model.applyWithState!(params, x, { training: true, state: start });
        const m = [0, 1].map((j) => 0.75 * 0 + 0.25 * mean(column(rows, j)));
        const v = [0, 1].map((j) => 0.75 * 1 + 0.25 * biasedVar(column(rows, j)) * (4 / 3));
        Array.from(state.bn!.mean!.dataSync()).forEach((a, j) => expect(a).toBeCloseTo(m[j]!, 5));
        Array.from(state.bn!.variance!.dataSync()).forEach((a, j) => expect(a).toBeCloseTo(v[j]!, 5));
        // The given state is untouched.
        expect(Array.from(start.bn!.mean!.dataSync())).toEqual([0, 0]);
        const again = model.applyWithState!(params, x, { state });
        expect(Array.from(again.state.bn!.mean!.dataSync())).toEqual(Array.from(state.bn!.mean!.dataSync()));
        expect(again.state.bn!.mean).not.toBe(state.bn!.mean);
        tf.dispose([output, again.output]);
        dispose(start);
        dispose(state);
        dispose(again.state);
      });
      expect(n).toBe(0);
      tf.dispose(x);
      dispose(params);
    });

    it('gradient and H·v through the batch statistics (after a conv) agree with central differences', async () => {
      await setBackend(backend);
      const model = sequential([4, 4, 1], [
        conv2d({ name: 'c', filters: 2, kernelSize: 2, padding: 'same' }),
        batchNorm({ name: 'bn', activation: 'tanh' }),
        flatten(),
        dense({ name: 'out', units: 3 }),
      ]);
      const init = model.init(2);
      const p = { ...init, bn: { gamma: tf.tensor1d([1.3, 0.7]), beta: tf.tensor1d([0.2, -0.1]) } };
      const x = tf.tensor4d(randoms(6, 48, -1, 1), [3, 4, 4, 1]);
      const y = tf.tensor1d([0, 2, 1], 'int32');
      const f = (q: Params) => crossEntropy(model.apply(q, x, { training: true }), y);
      const n = await leaked(() => {
        expect(gradError(f, p, { eps: 4e-3 })).toBeLessThan(3e-3);
        expect(hvpError(f, p, { eps: 4e-3 })).toBeLessThan(2e-2);
      });
      expect(n).toBe(0);
      tf.dispose([x, y, init.bn!.gamma!, init.bn!.beta!]);
      dispose(p);
    });

    it('train keeps the running statistics beside the parameters and validates with them; nothing leaks', async () => {
      await setBackend(backend);
      const model = sequential([2], [dense({ name: 'd', units: 3 }), batchNorm({ name: 'bn' }), dense({ name: 'out', units: 2 })]);
      const x = tf.tensor2d([[1, 2], [3, 1], [0, -1], [2, 2], [-1, 0], [1, -2]]);
      const y = tf.tensor1d([0, 1, 0, 1, 0, 1], 'int32');
      const n = await leaked(async () => {
        let last: { params: Params; state: ModelState } | undefined;
        const seen: number[] = [];
        for await (const e of train({ model, loss: crossEntropy, optimizer: sgd(0.1), data: { x, y }, steps: 5, validation: { data: { x, y }, every: 5 } })) {
          expect(Object.keys(e.state)).toEqual(['bn']);
          expect(Object.keys(e.params).sort()).toEqual(['bn', 'd', 'out']);
          seen.push(e.state.bn!.variance!.dataSync()[0]!);
          expect(Number.isFinite(e.metrics.val_loss ?? 0)).toBe(true);
          last = e;
        }
        // Five updates with momentum 0.1 from variance 1: the state moved each step.
        expect(new Set(seen).size).toBe(5);
        dispose(last!.params);
        dispose(last!.state);
      });
      expect(n).toBe(0);
      tf.dispose([x, y]);
    });

    it('errors name the layer: one value per channel in training, a state that does not fit, bad options', async () => {
      await setBackend(backend);
      const model = sequential([2], [batchNorm({ name: 'bn' })]);
      const params = model.init(0);
      const one = tf.tensor2d([[1, 2]]);
      expect(() => model.applyWithState!(params, one, { training: true })).toThrow(/batchNorm\(bn\): training needs more than one value per channel/);
      const bad = { bn: { mean: tf.zeros([3]), variance: tf.ones([2]) } };
      expect(() => model.apply(params, one, { state: bad })).toThrow(/'bn\.mean' has shape \[3\], expected \[2\]/);
      expect(() => model.apply(params, one, { state: {} })).toThrow(/state lacks 'bn'.*model\.initState\(\)/);
      expect(() => batchNorm({ momentum: 2 })).toThrow(/momentum must be in \[0, 1\], got 2/);
      const two = tf.tensor2d([[1, 2], [3, 5]]);
      const labels = tf.tensor1d([0, 1], 'int32');
      expect(() => perExampleGrads({ model, params, loss: crossEntropy, x: two, y: labels })).toThrow(/layer 'bn' is a batchNorm, which couples the examples/);
      tf.dispose([two, labels]);
      tf.dispose(one);
      dispose(bad);
      dispose(params);
    });
  });
}
