import { afterAll, describe, expect, it } from 'vitest';
import { setBackend } from '../backend.js';
import { tf } from '../tf.js';
import { sequential } from '../model/sequential.js';
import { dense } from './dense.js';
import { layerNorm } from './layer-norm.js';
import { crossEntropy } from '../losses/cross-entropy.js';
import { gradError, hvpError, leaked } from '../test-utils/finite-diff.js';
import { randoms } from '../test-utils/reference64.js';
import { dispose } from '../tree/arithmetic.js';
import type { Params } from '../model/types.js';

/** Layer norm of each row in float64, straight from the formula. */
function reference(rows: number[][], gamma: number[], beta: number[], eps: number): number[][] {
  return rows.map((r) => {
    const mu = r.reduce((a, b) => a + b, 0) / r.length;
    const v = r.reduce((a, b) => a + (b - mu) ** 2, 0) / r.length;
    return r.map((x, j) => (gamma[j]! * (x - mu)) / Math.sqrt(v + eps) + beta[j]!);
  });
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`layerNorm on ${backend}`, () => {
    afterAll(() => setBackend('cpu'));

    it('normalises each example over its last axis, independently of the batch', async () => {
      await setBackend(backend);
      const model = sequential([2, 4], [layerNorm({ name: 'ln', epsilon: 1e-3 })]);
      const rows = [[1, 2, 3, 4], [-1, 0, 5, 2], [0.5, 0.5, 0.1, -3], [2, 2, 2, 3]];
      const gamma = [1.5, 0.5, -1, 2];
      const beta = [0.1, 0, -0.2, 0.3];
      const params = { ln: { gamma: tf.tensor1d(gamma), beta: tf.tensor1d(beta) } };
      const x = tf.tensor3d([rows.slice(0, 2), rows.slice(2)]);
      const n = await leaked(() => {
        const y = model.apply(params, x);
        const expected = reference(rows, gamma, beta, 1e-3);
        const got = (y.arraySync() as number[][][]).flat();
        got.forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 5)));
        // One example alone gives the same output: no batch statistics.
        const one = model.apply(params, tf.slice(x, 0, 1));
        expect(Math.max(...(tf.sub(one, tf.slice(y, 0, 1)).abs().dataSync() as Float32Array))).toBe(0);
        tf.dispose([y, one]);
      });
      // tf.slice(x, 0, 1) inside leaked makes one tensor; the rest is freed.
      expect(n).toBeLessThanOrEqual(4);
      tf.dispose(x);
      dispose(params);
    });

    it('gradient and H·v through it agree with central differences; nothing leaks', async () => {
      await setBackend(backend);
      const model = sequential([5], [dense({ name: 'd1', units: 6 }), layerNorm({ name: 'ln', activation: 'tanh' }), dense({ name: 'out', units: 3 })]);
      const params = model.init(4);
      // Away from gamma = 1, beta = 0 so that their own curvature shows.
      const p = { ...params, ln: { gamma: tf.tensor1d(randoms(3, 6, 0.5, 1.5)), beta: tf.tensor1d(randoms(4, 6, -0.3, 0.3)) } };
      const x = tf.tensor2d(randoms(5, 20, -1, 1), [4, 5]);
      const y = tf.tensor1d([0, 2, 1, 2], 'int32');
      const f = (q: Params) => crossEntropy(model.apply(q, x), y);
      const n = await leaked(() => {
        // A smaller step than the default: normalisation is curved enough that ε = 1e-2 costs 2e-3.
        expect(gradError(f, p, { eps: 4e-3 })).toBeLessThan(2e-3);
        expect(hvpError(f, p, { eps: 4e-3 })).toBeLessThan(2e-2);
      });
      expect(n).toBe(0);
      tf.dispose([x, y, params.ln!.gamma!, params.ln!.beta!]);
      dispose(p);
    });

    it('rejects a bad epsilon and an unknown activation, naming the layer', () => {
      expect(() => layerNorm({ name: 'ln', epsilon: 0 })).toThrow(/layerNorm\(ln\): epsilon must be a positive number, got 0/);
      expect(() => layerNorm({ name: 'ln', activation: 'swish' as never })).toThrow(/unknown activation 'swish'/);
    });
  });
}
