/**
 * Test helpers: float64 references in plain JavaScript. A scalar function of a flat vector, its
 * gradient and Hessian-vector products by central differences in float64 (independent of tfjs).
 */
import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { grad } from '../autodiff/value-and-grad.js';
import { hvp } from '../autodiff/hvp.js';
import { flatten, unflatten } from '../tree/flatten.js';
import type { Tree } from '../tree/types.js';
import { relErr } from './finite-diff.js';
import { uniformArray } from '../random/uniform.js';

export type F64 = (x: number[]) => number;

export function gradient64(f: F64, x: number[], eps = 1e-6): number[] {
  return x.map((_, i) => {
    const p = x.slice();
    const m = x.slice();
    p[i]! += eps;
    m[i]! -= eps;
    return (f(p) - f(m)) / (2 * eps);
  });
}

export function hvp64(f: F64, x: number[], v: number[], eps = 1e-3): number[] {
  const gp = gradient64(f, x.map((xi, i) => xi + eps * v[i]!), 1e-5);
  const gm = gradient64(f, x.map((xi, i) => xi - eps * v[i]!), 1e-5);
  return gp.map((g, i) => (g - gm[i]!) / (2 * eps));
}

/** Random numbers in [lo, hi) from a seed. */
export function randoms(seed: number, n: number, lo = -1, hi = 1): number[] {
  return Array.from(uniformArray(seed, n), (u) => lo + (hi - lo) * u);
}

/** Value, gradient and H·v of `fTf` (on a tree) against the float64 function `f64` on the flat leaves. */
export function compareTo64(
  fTf: (p: any) => Scalar,
  f64: F64,
  x: Tree,
  seed = 5,
): { value: number; grad: number; hvp: number } {
  return tf.tidy(() => {
    const { leaves, structure } = flatten(x);
    const flat = leaves.flatMap((l) => Array.from(l.dataSync()));
    const v = randoms(seed, flat.length);
    let off = 0;
    const vTree = unflatten(
      structure,
      leaves.map((l) => {
        const t = tf.tensor(v.slice(off, off + l.size), l.shape, 'float32');
        off += l.size;
        return t;
      }),
    );
    const val = fTf(x).dataSync()[0]!;
    const e = f64(flat);
    const g = flatten(grad(fTf)(x as never) as Tree).leaves.flatMap((l) => Array.from(l.dataSync()));
    const h = flatten(hvp(fTf, x as never, vTree as never) as Tree).leaves.flatMap((l) => Array.from(l.dataSync()));
    return {
      value: Math.abs(val - e) / (1e-6 + Math.abs(e)),
      grad: relErr(g, gradient64(f64, flat)),
      hvp: relErr(h, hvp64(f64, flat, v)),
    };
  });
}

export type { Tensor };
