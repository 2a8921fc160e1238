import type { Tensor } from '@tensorflow/tfjs';
import { GradbookError } from '../errors.js';
import { formatPath, isLeaf } from './leaf.js';
import type { MapLeaves, Tree, TreePath } from './types.js';

/**
 * Applies `fn` to every tensor of a tree and returns a tree of the same structure.
 *
 * @param tree - a tree of tensors.
 * @param fn - called with each leaf and its path.
 * @returns a new tree; the input is left as it is (and not disposed).
 * @example
 * const halved = tree.map(params, (p) => p.mul(0.5));
 */
export function map<T extends Tree, R = Tensor>(tree: T, fn: (leaf: Tensor, path: TreePath) => R): MapLeaves<T, R> {
  return zip([tree], ([leaf], path) => fn(leaf!, path)) as MapLeaves<T, R>;
}

/**
 * Walks several trees of the same structure together, calling `fn` with the leaves at each position.
 * Trees that differ (a missing key, an array of another length, a leaf where a subtree should be)
 * get an error naming the first path where they differ.
 *
 * @example
 * const sum = tree.zip([a, b], ([x, y]) => x.add(y));
 */
export function zip<R = Tensor>(trees: readonly Tree[], fn: (leaves: Tensor[], path: TreePath) => R, where = 'tree.zip'): Tree<R> {
  if (trees.length === 0) throw new GradbookError(where, 'needs at least one tree');
  const walk = (nodes: readonly unknown[], path: (string | number)[]): Tree<R> => {
    const first = nodes[0];
    if (isLeaf(first)) {
      nodes.forEach((n, i) => {
        if (!isLeaf(n)) throw mismatch(where, path, i, 'a tensor', n);
      });
      return fn(nodes as Tensor[], path) as Tree<R>;
    }
    if (Array.isArray(first)) {
      nodes.forEach((n, i) => {
        if (!Array.isArray(n)) throw mismatch(where, path, i, 'an array', n);
        if (n.length !== first.length) {
          throw new GradbookError(where, `trees differ at ${formatPath(path)}: tree 1 has ${first.length} items, tree ${i + 1} has ${n.length}`);
        }
      });
      return first.map((_, j) => walk(nodes.map((n) => (n as unknown[])[j]), [...path, j]));
    }
    if (first !== null && typeof first === 'object' && Object.getPrototypeOf(first) === Object.prototype) {
      const keys = Object.keys(first).sort();
      nodes.forEach((n, i) => {
        if (n === null || typeof n !== 'object' || Array.isArray(n) || isLeaf(n)) throw mismatch(where, path, i, 'an object', n);
        const other = Object.keys(n).sort();
        const missing = keys.filter((k) => !(k in n));
        const extra = other.filter((k) => !(k in first));
        if (missing.length || extra.length) {
          const parts = [];
          if (missing.length) parts.push(`tree ${i + 1} lacks ${missing.map((k) => formatPath([...path, k])).join(', ')}`);
          if (extra.length) parts.push(`tree ${i + 1} has extra ${extra.map((k) => formatPath([...path, k])).join(', ')}`);
          throw new GradbookError(where, `trees differ: ${parts.join('; ')}`);
        }
      });
      const out: Record<string, Tree<R>> = {};
      for (const k of keys) out[k] = walk(nodes.map((n) => (n as Record<string, unknown>)[k]), [...path, k]);
      return out;
    }
    throw new GradbookError(where, `${formatPath(path)} is not a tensor, array or plain object (got ${first === null ? 'null' : typeof first})`);
  };
  return walk(trees, []);
}

function mismatch(where: string, path: (string | number)[], i: number, expected: string, got: unknown): GradbookError {
  const kind = isLeaf(got) ? 'a tensor' : Array.isArray(got) ? 'an array' : got === null ? 'null' : typeof got === 'object' ? 'an object' : typeof got;
  return new GradbookError(where, `trees differ at ${formatPath(path)}: tree 1 has ${expected}, tree ${i + 1} has ${kind}`);
}
