import { afterAll, describe, expect, it } from 'vitest';
import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { setBackend } from '../backend.js';
import { tf } from '../tf.js';
import * as ops from './index.js';
import { conv2dWithBias } from './conv2d.js';
import { biasAdd } from './bias-add.js';
import { compareTo64, randoms } from '../test-utils/reference64.js';
import { leaked } from '../test-utils/finite-diff.js';
import { hvp } from '../autodiff/hvp.js';
import { grad } from '../autodiff/value-and-grad.js';

const erf = (x: number): number => {
  // Numerical Recipes erfc (Chebyshev), relative error < 1.2e-7.
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - r : r - 1;
};
const sig = (x: number) => 1 / (1 + Math.exp(-x));
const phi = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));

/** Elementwise ops with their float64 value, first and second derivatives. */
const ELEMENTWISE: Record<string, [(x: Tensor) => Tensor, (x: number) => number, (x: number) => number, (x: number) => number]> = {
  tanh: [ops.tanh, Math.tanh, (x) => 1 - Math.tanh(x) ** 2, (x) => -2 * Math.tanh(x) * (1 - Math.tanh(x) ** 2)],
  sigmoid: [ops.sigmoid, sig, (x) => sig(x) * (1 - sig(x)), (x) => sig(x) * (1 - sig(x)) * (1 - 2 * sig(x))],
  exp: [ops.exp, Math.exp, Math.exp, Math.exp],
  softplus: [ops.softplus, (x) => Math.log1p(Math.exp(x)), sig, (x) => sig(x) * (1 - sig(x))],
  gelu: [
    ops.gelu,
    (x) => x * phi(x),
    (x) => phi(x) + (x * Math.exp(-x * x / 2)) / Math.sqrt(2 * Math.PI),
    (x) => ((2 - x * x) * Math.exp(-x * x / 2)) / Math.sqrt(2 * Math.PI),
  ],
  relu: [ops.relu, (x) => Math.max(x, 0), (x) => (x > 0 ? 1 : 0), () => 0],
};

const rowwise = (x: number[], cols: number, f: (row: number[]) => number[]): number[] => {
  const out: number[] = [];
  for (let i = 0; i < x.length; i += cols) out.push(...f(x.slice(i, i + cols)));
  return out;
};
const softmax64 = (r: number[]) => {
  const m = Math.max(...r);
  const e = r.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};
const lse64 = (r: number[]) => {
  const m = Math.max(...r);
  return m + Math.log(r.reduce((a, v) => a + Math.exp(v - m), 0));
};

/** Naive float64 NHWC/HWIO convolution with TensorFlow's padding rule. */
function conv64(x: number[], xs: number[], k: number[], ks: number[], s: number, padding: 'same' | 'valid'): { out: number[]; shape: number[] } {
  const [n, h, w, c] = xs as [number, number, number, number];
  const [kh, kw, , f] = ks as [number, number, number, number];
  const dim = (len: number, kk: number) => {
    if (padding === 'valid') return [Math.floor((len - kk) / s) + 1, 0];
    const o = Math.ceil(len / s);
    return [o, Math.floor(Math.max((o - 1) * s + kk - len, 0) / 2)];
  };
  const [oh, pt] = dim(h, kh) as [number, number];
  const [ow, pl] = dim(w, kw) as [number, number];
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let o = 0; o < f; o++) {
          let acc = 0;
          for (let di = 0; di < kh; di++)
            for (let dj = 0; dj < kw; dj++) {
              const r = i * s + di - pt;
              const q = j * s + dj - pl;
              if (r < 0 || r >= h || q < 0 || q >= w) continue;
              for (let ci = 0; ci < c; ci++) acc += x[((b * h + r) * w + q) * c + ci]! * k[((di * kw + dj) * c + ci) * f + o]!;
            }
          out.push(acc);
        }
  return { out, shape: [n, oh, ow, f] };
}

function pool64(x: number[], xs: number[], size: number, s: number, kind: 'max' | 'avg'): number[] {
  const [n, h, w, c] = xs as [number, number, number, number];
  const oh = Math.floor((h - size) / s) + 1;
  const ow = Math.floor((w - size) / s) + 1;
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let ci = 0; ci < c; ci++) {
          const vals: number[] = [];
          for (let di = 0; di < size; di++) for (let dj = 0; dj < size; dj++) vals.push(x[((b * h + i * s + di) * w + j * s + dj) * c + ci]!);
          out.push(kind === 'max' ? Math.max(...vals) : vals.reduce((a, v) => a + v, 0) / vals.length);
        }
  return out;
}

const weighted = (w: number[]) => (y: number[]) => y.reduce((a, v, i) => a + v * w[i]!, 0);
const wsum = (y: Tensor, w: number[]): Scalar => tf.sum(tf.mul(y, tf.tensor(w, y.shape))) as Scalar;

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`ops on ${backend}`, () => {
    afterAll(() => setBackend('cpu'));

    for (const [name, [op, f, d1, d2]] of Object.entries(ELEMENTWISE)) {
      it(`${name}: value, first and second derivatives equal the float64 formulas`, async () => {
        await setBackend(backend);
        const xs = randoms(3, 12, -2.5, 2.5).map((v) => (Math.abs(v) < 0.05 ? v + 0.2 : v));
        const w = randoms(4, 12);
        const v = randoms(5, 12);
        const x = tf.tensor1d(xs);
        const vt = tf.tensor1d(v);
        const fn = (t: Tensor) => wsum(op(t), w);
        const n = await leaked(() =>
          tf.tidy(() => {
            const y = Array.from(op(x).dataSync());
            const g = Array.from((grad(fn)(x) as Tensor).dataSync());
            const h = Array.from((hvp(fn, x, vt) as Tensor).dataSync());
            xs.forEach((xi, i) => {
              expect(y[i]).toBeCloseTo(f(xi), 5);
              expect(Math.abs(g[i]! - w[i]! * d1(xi))).toBeLessThan(2e-5 * (1 + Math.abs(w[i]! * d1(xi))));
              expect(Math.abs(h[i]! - w[i]! * d2(xi) * v[i]!)).toBeLessThan(5e-5 * (1 + Math.abs(w[i]! * d2(xi) * v[i]!)));
            });
          }),
        );
        expect(n).toBe(0);
        tf.dispose([x, vt]);
      });
    }

    it('tanh stays right at third order (its gradient is built from itself)', async () => {
      await setBackend(backend);
      const xs = [-1.3, -0.2, 0.4, 1.1];
      const x = tf.tensor1d(xs);
      const third = tf.tidy(() => {
        // d³/dx³ Σ tanh(x) = -2(1 - t²)(1 - 3t²)
        const g1 = (t: Tensor) => tf.sum(grad((u: Tensor) => tf.sum(ops.tanh(u)) as Scalar)(t) as Tensor) as Scalar;
        const g2 = (t: Tensor) => tf.sum(grad(g1)(t) as Tensor) as Scalar;
        return Array.from((grad(g2)(x) as Tensor).dataSync());
      });
      xs.forEach((xi, i) => {
        const t = Math.tanh(xi);
        expect(third[i]).toBeCloseTo(-2 * (1 - t * t) * (1 - 3 * t * t), 4);
      });
      x.dispose();
    });

    for (const [name, op, f64] of [
      ['softmax', (z: Tensor) => ops.softmax(z), (r: number[]) => softmax64(r)],
      ['logSoftmax', (z: Tensor) => ops.logSoftmax(z), (r: number[]) => softmax64(r).map(Math.log)],
      ['logSumExp(keepDims)', (z: Tensor) => ops.logSumExp(z, -1, true), (r: number[]) => [lse64(r)]],
    ] as const) {
      it(`${name}: value, gradient and H·v match float64 central differences`, async () => {
        await setBackend(backend);
        const w = randoms(8, 12);
        const z = tf.tensor2d(randoms(7, 12, -3, 3), [3, 4]);
        const outLen = name.startsWith('logSumExp') ? 3 : 12;
        const e = compareTo64(
          (t: Tensor) => wsum(op(t), w.slice(0, outLen)),
          (x) => weighted(w)(rowwise(x, 4, f64)),
          z,
        );
        expect(e.value).toBeLessThan(1e-5);
        expect(e.grad).toBeLessThan(1e-4);
        expect(e.hvp).toBeLessThan(1e-3);
        z.dispose();
      });
    }

    it('logSumExp reduces a chosen axis and is stable for large inputs', async () => {
      await setBackend(backend);
      const z = tf.tensor2d([[1000, 1000], [0, Math.log(3)]]);
      expect(Array.from(ops.logSumExp(z, 0).dataSync())).toEqual([expect.closeTo(1000, 3), expect.closeTo(1000, 3)]);
      const r = Array.from(ops.logSumExp(z).dataSync());
      expect(r[0]).toBeCloseTo(1000 + Math.log(2), 3);
      expect(r[1]).toBeCloseTo(Math.log(4), 5);
      tf.dispose(z);
    });

    it('matMul: value, gradient and H·v of a weighted sum of a·b match float64 (both operands)', async () => {
      await setBackend(backend);
      const a = tf.tensor2d(randoms(11, 6), [2, 3]);
      const b = tf.tensor2d(randoms(12, 12), [3, 4]);
      const w = randoms(13, 8);
      const mm64 = (x: number[]) => {
        const A = x.slice(0, 6);
        const B = x.slice(6);
        const out: number[] = [];
        for (let i = 0; i < 2; i++) for (let j = 0; j < 4; j++) out.push([0, 1, 2].reduce((s, k) => s + A[i * 3 + k]! * B[k * 4 + j]!, 0));
        // square the product so that H·v involves products of a and b paths
        return weighted(w)(out.map((o) => o * o));
      };
      const e = compareTo64((p: { a: Tensor; b: Tensor }) => wsum(tf.square(ops.matMul(p.a, p.b)), w), mm64, { a, b });
      expect(e.value).toBeLessThan(1e-5);
      expect(e.grad).toBeLessThan(1e-4);
      expect(e.hvp).toBeLessThan(1e-3);
      tf.dispose([a, b]);
    });

    // 1–2 input channels: the filter gradient is one depthwise convolution; 4 (36 patch entries): a convolution.
    for (const [padding, stride, h, cIn] of [
      ['same', 1, 5, 2],
      ['same', 2, 5, 2],
      ['valid', 1, 5, 2],
      ['valid', 2, 6, 2],
      ['same', 1, 5, 4],
      ['valid', 2, 6, 4],
      ['same', 2, 5, 1],
    ] as const) {
      it(`conv2d ${padding} stride ${stride}, ${cIn} input channels: forward equals tf.conv2d, gradient and H·v match float64`, async () => {
        await setBackend(backend);
        const xs = [2, h, h - 1, cIn];
        const ks = [3, 3, cIn, 3];
        const kn = 9 * cIn * 3;
        const xv = randoms(21, xs.reduce((a, b) => a * b));
        const kv = randoms(22, kn);
        const x = tf.tensor4d(xv, xs as [number, number, number, number]);
        const k = tf.tensor4d(kv, ks as [number, number, number, number]);
        const ours = ops.conv2d(x, k, { strides: stride, padding });
        const stock = tf.conv2d(x, k, stride, padding);
        expect(ours.shape).toEqual(stock.shape);
        const ref = conv64(xv, xs, kv, ks, stride, padding);
        expect(ours.shape).toEqual(ref.shape);
        const got = Array.from(ours.dataSync());
        ref.out.forEach((r, i) => expect(Math.abs(got[i]! - r)).toBeLessThan(1e-5));
        const w = randoms(23, ref.out.length);
        const e = compareTo64(
          (p: { k: Tensor; x: Tensor }) => wsum(ops.tanh(ops.conv2d(p.x, p.k, { strides: stride, padding })), w),
          (flat) => {
            const kk = flat.slice(0, kn);
            const xx = flat.slice(kn);
            return weighted(w)(conv64(xx, xs, kk, ks, stride, padding).out.map(Math.tanh));
          },
          { x, k },
        );
        expect(e.grad).toBeLessThan(1e-4);
        expect(e.hvp).toBeLessThan(1e-3);
        // the layers' fused convolution + bias: value, gradient and H·v with respect to all three
        const bv = randoms(24, 3);
        const b = tf.tensor1d(bv);
        const withBias = (xx: number[], kk: number[], bb: number[]) => conv64(xx, xs, kk, ks, stride, padding).out.map((v, i) => v + bb[i % 3]!);
        const fused = conv2dWithBias(x, k, b, { strides: stride, padding });
        const fusedRef = withBias(xv, kv, bv);
        Array.from(fused.dataSync()).forEach((v, i) => expect(Math.abs(v - fusedRef[i]!)).toBeLessThan(1e-5));
        const eb = compareTo64(
          (p: { b: Tensor; k: Tensor; x: Tensor }) => wsum(ops.tanh(conv2dWithBias(p.x, p.k, p.b, { strides: stride, padding })), w),
          (flat) => weighted(w)(withBias(flat.slice(3 + kn), flat.slice(3, 3 + kn), flat.slice(0, 3)).map(Math.tanh)),
          { b, k, x },
        );
        expect(eb.grad).toBeLessThan(1e-4);
        expect(eb.hvp).toBeLessThan(1e-3);
        tf.dispose([x, k, b, ours, stock, fused]);
      });
    }

    for (const [kind, size, stride] of [
      ['max', 2, 2],
      ['max', 3, 2],
      ['avg', 2, 2],
      ['avg', 3, 1],
    ] as const) {
      it(`${kind}Pool2d size ${size} stride ${stride}: forward equals tf's, gradient and H·v match float64`, async () => {
        await setBackend(backend);
        const xs = [2, 5, 6, 2];
        const xv = randoms(31, 120);
        const x = tf.tensor4d(xv, xs as [number, number, number, number]);
        const op = kind === 'max' ? ops.maxPool2d : ops.avgPool2d;
        const ours = op(x, { size, strides: stride });
        const stock = kind === 'max' ? tf.maxPool(x, size, stride, 'valid') : tf.avgPool(x, size, stride, 'valid');
        expect(ours.shape).toEqual(stock.shape);
        const ref = pool64(xv, xs, size, stride, kind);
        Array.from(ours.dataSync()).forEach((g, i) => expect(Math.abs(g - ref[i]!)).toBeLessThan(1e-6));
        const w = randoms(32, ref.length);
        // sigmoid after the pool so that the H·v is not zero
        const e = compareTo64(
          (t: Tensor) => wsum(ops.sigmoid(op(t, { size, strides: stride })), w),
          (flat) => weighted(w)(pool64(flat, xs, size, stride, kind).map((v) => 1 / (1 + Math.exp(-v)))),
          x,
        );
        expect(e.grad).toBeLessThan(1e-4);
        expect(e.hvp).toBeLessThan(1e-3);
        tf.dispose([x, ours, stock]);
      });
    }


    it('maxPool2d routes the gradient of tied maxima to the first one (as TensorFlow and PyTorch do)', async () => {
      await setBackend(backend);
      // values from {0, 1, 2}: most windows hold their maximum more than once. (wasm's own
      // MaxPoolGrad kernel picks the last one, cpu's the first; the reference here is plain JS.)
      const shape = [2, 6, 7, 3];
      const xv = randoms(51, 2 * 6 * 7 * 3, 0, 3).map(Math.floor);
      const x = tf.tensor4d(xv, shape as [number, number, number, number]);
      for (const [size, strides] of [[2, 2], [3, 3], [3, 2]] as const) {
        const oh = Math.floor((6 - size) / strides) + 1;
        const ow = Math.floor((7 - size) / strides) + 1;
        const wv = randoms(52 + size, 2 * oh * ow * 3);
        const expected = new Array<number>(xv.length).fill(0);
        let o = 0;
        for (let b = 0; b < 2; b++)
          for (let i = 0; i < oh; i++)
            for (let j = 0; j < ow; j++)
              for (let c = 0; c < 3; c++, o++) {
                let best = -1;
                for (let di = 0; di < size; di++)
                  for (let dj = 0; dj < size; dj++) {
                    const at = ((b * 6 + i * strides + di) * 7 + j * strides + dj) * 3 + c;
                    if (best < 0 || xv[at]! > xv[best]!) best = at;
                  }
                expected[best]! += wv[o]!;
              }
        const w = tf.tensor4d(wv, [2, oh, ow, 3]);
        const ours = grad((t: Tensor) => tf.sum(tf.mul(ops.maxPool2d(t, { size, strides }), w)) as Scalar)(x) as Tensor;
        Array.from(ours.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
        tf.dispose([w, ours]);
      }
      x.dispose();
    });

    it('maxPool2d routes tied maxima to the first one in large windows too (12×12, beyond distinct float32 powers)', async () => {
      await setBackend(backend);
      const xv = randoms(61, 2 * 12 * 12 * 2, 0, 2).map(Math.floor);
      const x = tf.tensor4d(xv, [2, 12, 12, 2]);
      const ours = grad((t: Tensor) => tf.sum(ops.maxPool2d(t, { size: 12 })) as Scalar)(x) as Tensor;
      const expected = new Array<number>(xv.length).fill(0);
      for (let b = 0; b < 2; b++)
        for (let c = 0; c < 2; c++) {
          let best = -1;
          for (let i = 0; i < 144; i++) if (best < 0 || xv[(b * 144 + i) * 2 + c]! > xv[best]!) best = (b * 144 + i) * 2 + c;
          expected[best] = 1;
        }
      expect(Array.from(ours.dataSync())).toEqual(expected);
      tf.dispose([x, ours]);
    });

    it('biasAdd (dense layers): value, gradient and H·v match float64, on a 2-D and a 4-D input', async () => {
      await setBackend(backend);
      for (const shape of [[3, 4], [2, 3, 2, 4]]) {
        const size = shape.reduce((a, b) => a * b);
        const xv = randoms(71, size);
        const bv = randoms(72, 4);
        const w = randoms(73, size);
        const x = tf.tensor(xv, shape);
        const b = tf.tensor1d(bv);
        const e = compareTo64(
          (p: { b: Tensor; x: Tensor }) => wsum(ops.tanh(biasAdd(p.x, p.b)), w),
          (flat) => weighted(w)(flat.slice(4).map((v, i) => Math.tanh(v + flat[i % 4]!))),
          { b, x },
        );
        expect(e.value).toBeLessThan(1e-5);
        expect(e.grad).toBeLessThan(1e-4);
        expect(e.hvp).toBeLessThan(1e-3);
        tf.dispose([x, b]);
      }
    });

    it('stopGradient passes values and blocks gradients, and leaks nothing', async () => {
      await setBackend(backend);
      const x = tf.tensor1d([1, 2, 3]);
      const n = await leaked(() =>
        tf.tidy(() => {
          const g = grad((t: Tensor) => tf.sum(tf.mul(t, ops.stopGradient(t))) as Scalar)(x) as Tensor;
          expect(Array.from(g.dataSync())).toEqual([1, 2, 3]);
        }),
      );
      expect(n).toBe(0);
      const s = ops.stopGradient(x);
      s.dispose();
      expect(Array.from(x.dataSync())).toEqual([1, 2, 3]);
      x.dispose();
    });

    it('im2col orders patches like a row-major [kh, kw, c] kernel', async () => {
      await setBackend(backend);
      const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
      const p = ops.im2col(x, 2);
      expect(p.shape).toEqual([1, 2, 2, 4]);
      expect(Array.from(p.dataSync())).toEqual([1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9]);
      tf.dispose([x, p]);
    });

    it('names both shapes when matMul or conv2d operands do not fit', async () => {
      await setBackend(backend);
      const a = tf.zeros([2, 3]);
      const x = tf.zeros([1, 4, 4, 2]);
      const k = tf.zeros([3, 3, 1, 4]);
      expect(() => ops.matMul(a, a)).toThrow(/\[2, 3\] and \[2, 3\]/);
      expect(() => ops.conv2d(x, k)).toThrow(/kernel \[kh, kw, 2, cOut\].*\[3, 3, 1, 4\]/);
      expect(() => ops.conv2d(a, k)).toThrow(/\[batch, height, width, channels\], got \[2, 3\]/);
      tf.dispose([a, x, k]);
    });
  });
}
