/** Test helpers: central finite differences of gradients and Hessian-vector products. */
import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { grad } from '../autodiff/value-and-grad.js';
import { hvp } from '../autodiff/hvp.js';
import { flatten, unflatten } from '../tree/flatten.js';
import type { Tree } from '../tree/types.js';
import { uniformArray } from '../random/uniform.js';

/** A tree of the same structure with entries uniform in [-1, 1), from a seed. */
export function randomLike(t: Tree, seed: number): Tree {
  const { leaves, structure } = flatten(t);
  return unflatten(
    structure,
    leaves.map((l, i) => tf.tensor(Array.from(uniformArray(seed * 7919 + i, l.size), (u) => 2 * u - 1), l.shape, 'float32')),
  );
}

function axpyTree(t: Tree, v: Tree, a: number): Tree {
  const A = flatten(t);
  const V = flatten(v).leaves;
  return unflatten(A.structure, A.leaves.map((l, i) => tf.add(l, tf.mul(V[i]!, a))));
}

function numbers(t: Tree): number[] {
  return flatten(t).leaves.flatMap((l) => Array.from(l.dataSync()));
}

function dot(a: number[], b: number[]): number {
  return a.reduce((s, x, i) => s + x * b[i]!, 0);
}

/** max |a − b| / (atol + max |b|): a scale-aware error. */
export function relErr(a: number[], b: number[], atol = 1e-6): number {
  const scale = Math.max(...b.map(Math.abs));
  return Math.max(...a.map((x, i) => Math.abs(x - b[i]!))) / (atol + scale);
}

/**
 * Directional check of the gradient: ⟨∇f, u⟩ against (f(x + εu) − f(x − εu)) / 2ε for random u.
 * Returns the worst relative error over the directions.
 */
export function gradError(f: (p: any) => Scalar, x: Tree, { eps = 1e-2, directions = 3, seed = 1 } = {}): number {
  return tf.tidy(() => {
    const g = numbers(grad(f)(x as never) as Tree);
    let worst = 0;
    for (let d = 0; d < directions; d++) {
      const u = randomLike(x, seed + d);
      const fp = f(axpyTree(x, u, eps)).dataSync()[0]!;
      const fm = f(axpyTree(x, u, -eps)).dataSync()[0]!;
      const fd = (fp - fm) / (2 * eps);
      const an = dot(g, numbers(u));
      worst = Math.max(worst, Math.abs(fd - an) / (1e-4 + Math.abs(an) + Math.abs(fd)));
    }
    return worst;
  });
}

/**
 * Hessian-vector product against central differences of the gradient,
 * (∇f(x + εv) − ∇f(x − εv)) / 2ε, for a random v. Returns the scale-aware relative error.
 */
export function hvpError(f: (p: any) => Scalar, x: Tree, { eps = 1e-2, seed = 11 } = {}): number {
  return tf.tidy(() => {
    const v = randomLike(x, seed);
    const hv = numbers(hvp(f, x as never, v as never) as Tree);
    const gp = numbers(grad(f)(axpyTree(x, v, eps) as never) as Tree);
    const gm = numbers(grad(f)(axpyTree(x, v, -eps) as never) as Tree);
    const fd = gp.map((p, i) => (p - gm[i]!) / (2 * eps));
    return relErr(hv, fd);
  });
}

/** Leak check: runs `fn` and returns how many tensors it left behind. */
export async function leaked(fn: () => unknown | Promise<unknown>): Promise<number> {
  const before = tf.memory().numTensors;
  await fn();
  return tf.memory().numTensors - before;
}

export type { Tensor };
