import { afterAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs';
import { setBackend } from '../backend.js';
import { tf } from '../tf.js';
import { grad } from '../autodiff/value-and-grad.js';
import { gradError, hvpError, leaked } from '../test-utils/finite-diff.js';
import { mapVector, mapVectorTransposed, walshHadamardInPlace, type ArrayLinearMap } from './linear-ops.js';

/** The Sylvester–Hadamard matrix by its recursive definition H₂ₙ = [[H, H], [H, −H]]. */
function sylvester(n: number): number[][] {
  let h = [[1]];
  while (h.length < n) h = [...h.map((r) => [...r, ...r]), ...h.map((r) => [...r, ...r.map((v) => -v)])];
  return h;
}

const matVec = (m: number[][], v: ArrayLike<number>) => m.map((r) => r.reduce((s, a, j) => s + a * v[j]!, 0));
const M = [[1, 0, 2], [0, -1, 0], [3, 0, 0], [0, 0.5, 1]];
const Mt = M[0]!.map((_, j) => M.map((r) => r[j]!));
const asMap = (m: number[][]): ArrayLinearMap => ({
  rows: m.length,
  cols: m[0]!.length,
  apply: (x) => Float32Array.from(matVec(m, x)),
  applyTransposed: (y) => Float32Array.from(matVec(m[0]!.map((_, j) => m.map((r) => r[j]!)), y)),
});

describe('walshHadamardInPlace', () => {
  it('is H·x for the Sylvester–Hadamard H of orders 1 to 64', () => {
    for (const n of [1, 2, 8, 64]) {
      const v = Array.from({ length: n }, (_, i) => Math.cos(3 * i + 1));
      const a = Float64Array.from(v);
      walshHadamardInPlace(a);
      const want = matVec(sylvester(n), v);
      a.forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 10));
    }
  });
});

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`mapVector on ${backend}`, () => {
    afterAll(() => setBackend('cpu'));

    it('is M·x with gradient Mᵀ·dy, right to second order against finite differences, leaking nothing', async () => {
      await setBackend(backend);
      const m = asMap(M);
      const x = [0.3, -1.2, 2];
      tf.tidy(() => Array.from(mapVector(m, tf.tensor1d(x)).dataSync())).forEach((v, i) => expect(v).toBeCloseTo(matVec(M, x)[i]!, 5));
      const y = [1, -2, 0.5, 4];
      tf.tidy(() => Array.from(mapVectorTransposed(m, tf.tensor1d(y)).dataSync())).forEach((v, i) => expect(v).toBeCloseTo(matVec(Mt, y)[i]!, 5));
      // the gradient of ⟨w, M·x⟩ is Mᵀw
      const g = tf.tidy(() => Array.from(grad((t: Tensor) => tf.sum(tf.mul(mapVector(m, t), tf.tensor1d(y))) as tf.Scalar)(tf.tensor1d(x)).dataSync()));
      g.forEach((v, i) => expect(v).toBeCloseTo(matVec(Mt, y)[i]!, 5));
      // a non-quadratic function through both maps, so the second backward pass goes through each one's gradient
      const f = (t: Tensor) =>
        tf.tidy(() => {
          const z = mapVector(m, t);
          return tf.add(tf.sum(tf.pow(z, 3)), tf.sum(tf.square(mapVectorTransposed(m, tf.square(z))))) as tf.Scalar;
        });
      const x0 = tf.tensor1d(x);
      const n = await leaked(() => {
        expect(gradError(f, x0, { eps: 1e-2 })).toBeLessThan(2e-3);
        expect(hvpError(f, x0, { eps: 1e-2 })).toBeLessThan(2e-3);
      });
      expect(n).toBe(0);
      x0.dispose();
    });
  });
}
