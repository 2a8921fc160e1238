import { afterAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs';
import { setBackend } from '../backend.js';
import { tf } from '../tf.js';
import { grad } from '../autodiff/value-and-grad.js';
import { GradbookError } from '../errors.js';
import { denseProjection } from './dense-projection.js';
import { fastfoodProjection } from './fastfood-projection.js';
import type { Projection } from './projection.js';
import { sparseProjection } from './sparse-projection.js';

/** The explicit matrix of a projection, column j = P·e_j, as rows [size][dim]. */
function matrixOf(p: Projection): number[][] {
  const cols = Array.from({ length: p.dim }, (_, j) =>
    tf.tidy(() => Array.from(p.apply(tf.oneHot(tf.tensor1d([j], 'int32'), p.dim).reshape([p.dim]).toFloat()).dataSync())),
  );
  return Array.from({ length: p.size }, (_, i) => cols.map((c) => c[i]!));
}

const makers = {
  dense: (dim: number, size: number, seed: number) => denseProjection({ dim, size, seed }),
  sparse: (dim: number, size: number, seed: number) => sparseProjection({ dim, size, seed, density: 0.3 }),
  fastfood: (dim: number, size: number, seed: number) => fastfoodProjection({ dim, size, seed }),
};

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`projections on ${backend}`, () => {
    afterAll(() => setBackend('cpu'));

    for (const [kind, make] of Object.entries(makers)) {
      it(`${kind}: linear, repeatable, near-unit columns, gradient Pᵀ·g, leaking nothing`, async () => {
        await setBackend(backend);
        const before = tf.memory().numTensors;
        const p = make(6, 50, 3);
        expect([p.kind, p.dim, p.size]).toEqual([kind, 6, 50]);
        expect(p.bytes).toBeGreaterThan(0);
        const m = matrixOf(p);
        // the same seed gives the same matrix, another seed another one
        const again = make(6, 50, 3);
        const other = make(6, 50, 4);
        expect(matrixOf(again)).toEqual(m);
        expect(matrixOf(other)).not.toEqual(m);
        again.dispose();
        other.dispose();
        // P·d for a general d is the matrix times d
        const d = [0.5, -1, 2, 0, 0.25, -0.75];
        const pd = tf.tidy(() => Array.from(p.apply(tf.tensor1d(d)).dataSync()));
        pd.forEach((v, i) => expect(v).toBeCloseTo(m[i]!.reduce((s, a, j) => s + a * d[j]!, 0), 4));
        // column lengths: exactly 1 for dense and sparse; for Fastfood 1 on average over the columns
        const lengths = d.map((_, j) => Math.hypot(...m.map((r) => r[j]!)));
        if (kind === 'fastfood') {
          const mean = lengths.reduce((s, v) => s + v, 0) / lengths.length;
          expect(mean).toBeGreaterThan(0.6);
          expect(mean).toBeLessThan(1.4);
        } else lengths.forEach((l) => expect(l).toBeCloseTo(1, 4));
        // the gradient of ⟨w, P·d⟩ in d is Pᵀw
        const w = Array.from({ length: 50 }, (_, i) => Math.sin(i));
        const g = tf.tidy(() => Array.from(grad((t: Tensor) => tf.sum(tf.mul(p.apply(t), tf.tensor1d(w))) as tf.Scalar)(tf.tensor1d(d)).dataSync()));
        g.forEach((v, j) => expect(v).toBeCloseTo(m.reduce((s, r, i) => s + r[j]! * w[i]!, 0), 4));
        expect(() => p.apply(tf.zeros([5]))).toThrow(/apply\(d\): expected the subspace coordinates as a vector \[6\], got \[5\]/);
        p.dispose();
        expect(tf.memory().numTensors).toBe(before + 1); // the zeros([5]) above
      });
    }

    it('Fastfood with D a power of two has exactly unit columns', async () => {
      await setBackend(backend);
      const p = fastfoodProjection({ dim: 5, size: 64, seed: 2 });
      const m = matrixOf(p);
      for (let j = 0; j < 5; j++) expect(Math.hypot(...m.map((r) => r[j]!))).toBeCloseTo(1, 4);
      p.dispose();
    });
  });
}

describe('projection sizes and errors', () => {
  it('dense holds 4·D·d bytes and refuses more than maxBytes, naming the alternatives', () => {
    const p = denseProjection({ dim: 10, size: 51 });
    expect(p.bytes).toBe(4 * 51 * 10);
    p.dispose();
    let err: unknown;
    try {
      denseProjection({ dim: 1000, size: 199210 });
    } catch (e) {
      err = e;
    }
    expect(GradbookError.isInstance(err)).toBe(true);
    expect((err as Error).message).toMatch(/a dense \[199210, 1000\] projection holds 760 MiB, more than maxBytes \(256 MiB\); use sparseProjection or fastfoodProjection/);
  });
  it('sparse at the default density 1/√D holds far less than dense; Fastfood holds 28·2^⌈log₂D⌉ bytes whatever d is', () => {
    const s = sparseProjection({ dim: 200, size: 199210, seed: 1 });
    expect(s.bytes).toBeLessThan((4 * 199210 * 200) / 10);
    s.dispose();
    for (const dim of [10, 1000]) {
      const f = fastfoodProjection({ dim, size: 199210 });
      expect(f.bytes).toBe(28 * 262144);
      f.dispose();
    }
  });
  it('refuses a dimension outside [1, size] and a bad density', () => {
    expect(() => fastfoodProjection({ dim: 0, size: 10 })).toThrow(/fastfoodProjection\(dim\): expected a subspace dimension that is a whole number in \[1, 10\]/);
    expect(() => sparseProjection({ dim: 11, size: 10 })).toThrow(/sparseProjection\(dim\)/);
    expect(() => sparseProjection({ dim: 2, size: 10, density: 0 })).toThrow(/sparseProjection\(density\): expected a probability in \(0, 1\]/);
    expect(() => denseProjection({ matrix: [[1, 2, 3]] })).toThrow(/denseProjection\(dim\)/);
  });
});
