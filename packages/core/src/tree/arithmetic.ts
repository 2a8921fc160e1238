import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { ShapeError, formatShape } from '../errors.js';
import { formatPath } from './leaf.js';
import { map, zip } from './map.js';
import { flatten } from './flatten.js';
import type { Tree, TreePath } from './types.js';

function sameShape(where: string, leaves: Tensor[], path: TreePath): void {
  const s0 = leaves[0]!.shape;
  for (let i = 1; i < leaves.length; i++) {
    const s = leaves[i]!.shape;
    if (s.length !== s0.length || s.some((d, j) => d !== s0[j])) {
      throw new ShapeError(where, `leaf ${formatPath(path)} has shape ${formatShape(s0)} in tree 1 but ${formatShape(s)} in tree ${i + 1}`, s0, s);
    }
  }
}

/** Leafwise `a + b` of two trees of the same structure and shapes. */
export function add<T extends Tree>(a: T, b: Tree): T {
  return zip([a, b], (l, p) => (sameShape('tree.add', l, p), tf.add(l[0]!, l[1]!)), 'tree.add') as T;
}

/** Leafwise `a − b` of two trees of the same structure and shapes. */
export function sub<T extends Tree>(a: T, b: Tree): T {
  return zip([a, b], (l, p) => (sameShape('tree.sub', l, p), tf.sub(l[0]!, l[1]!)), 'tree.sub') as T;
}

/** Leafwise `a · b` (elementwise product) of two trees of the same structure and shapes. */
export function mul<T extends Tree>(a: T, b: Tree): T {
  return zip([a, b], (l, p) => (sameShape('tree.mul', l, p), tf.mul(l[0]!, l[1]!)), 'tree.mul') as T;
}

/** Every leaf multiplied by the scalar `s` (a number or a scalar tensor). */
export function scale<T extends Tree>(a: T, s: number | Scalar): T {
  return map(a, (x) => tf.mul(x, s)) as unknown as T;
}

/**
 * `a + s·b` leafwise, the workhorse of optimizers and line searches. Each leaf is one new tensor:
 * the intermediate `s·b` is freed even outside `tf.tidy`.
 */
export function axpy<T extends Tree>(a: T, s: number | Scalar, b: Tree): T {
  return zip([a, b], (l, p) => (sameShape('tree.axpy', l, p), tf.tidy(() => tf.add(l[0]!, tf.mul(l[1]!, s)))), 'tree.axpy') as T;
}

/** The inner product `Σ a·b` over all leaves, as a scalar tensor. */
export function dot(a: Tree, b: Tree): Scalar {
  return tf.tidy(() => {
    const parts = flatten(zip([a, b], (l, p) => (sameShape('tree.dot', l, p), tf.sum(tf.mul(l[0]!, l[1]!))), 'tree.dot')).leaves;
    return parts.length === 0 ? tf.scalar(0) : (tf.addN(parts) as Scalar);
  });
}

/** The Euclidean (L2) norm over all leaves, as a scalar tensor. */
export function norm(a: Tree): Scalar {
  return tf.tidy(() => {
    const parts = flatten(a).leaves.map((x) => tf.sum(tf.square(x)));
    return tf.sqrt(parts.length === 0 ? tf.scalar(0) : tf.addN(parts)) as Scalar;
  });
}

/** The number of scalar entries over all leaves (a model's parameter count). */
export function count(a: Tree): number {
  return flatten(a).leaves.reduce((n, x) => n + x.size, 0);
}

/** A tree of zeros shaped like `a`. */
export function zerosLike<T extends Tree>(a: T): T {
  return map(a, (x) => tf.zerosLike(x)) as unknown as T;
}

/** A tree of copies of `a`'s leaves: disposing one tree leaves the other intact. */
export function clone<T extends Tree>(a: T): T {
  return map(a, (x) => tf.clone(x)) as unknown as T;
}

/**
 * Disposes every tensor of one or more trees (tensors already disposed are skipped). Values that are
 * not trees (numbers, strings, null) are ignored, so an event or a cell value can be passed as it is.
 */
export function dispose(...trees: unknown[]): void {
  const seen = new Set<unknown>();
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (node instanceof tf.Tensor) {
      if (!node.isDisposed) node.dispose();
      return;
    }
    if (Array.isArray(node)) node.forEach(walk);
    else if (Object.getPrototypeOf(node) === Object.prototype) Object.values(node).forEach(walk);
  };
  trees.forEach(walk);
}

/** The tensors of a tree in flatten order. */
export function leaves(a: Tree): Tensor[] {
  return flatten(a).leaves;
}
