import { GradbookError } from '../errors.js';
import { formatPath, isLeaf } from './leaf.js';
import type { Tree, TreePath, TreeStructure } from './types.js';

/** A tree taken apart: its leaves in a fixed order (object keys sorted), their paths, and its shape. */
export interface FlatTree<L> {
  readonly leaves: L[];
  readonly paths: TreePath[];
  readonly structure: TreeStructure;
}

/**
 * Takes a tree apart into its leaves, in a deterministic order: object keys sorted, arrays by index.
 * Two trees of the same structure always flatten to leaves that correspond one to one.
 *
 * @param tree - a tree of tensors (or of any leaf type recognised by `isLeafOf`).
 * @param isLeafOf - what counts as a leaf; tensors by default.
 * @returns the leaves, their paths and the structure to rebuild the tree with `unflatten`.
 * @example
 * const { leaves, paths } = tree.flatten({ b: tf.zeros([2]), a: { k: tf.ones([3]) } });
 * paths; // [['a', 'k'], ['b']]
 */
export function flatten<L = import('@tensorflow/tfjs').Tensor>(
  tree: Tree<L>,
  isLeafOf: (value: unknown) => boolean = isLeaf,
): FlatTree<L> {
  const leaves: L[] = [];
  const paths: TreePath[] = [];
  const walk = (node: unknown, path: (string | number)[]): TreeStructure => {
    if (isLeafOf(node)) {
      leaves.push(node as L);
      paths.push(path);
      return { kind: 'leaf' };
    }
    if (Array.isArray(node)) {
      return { kind: 'array', items: node.map((item, i) => walk(item, [...path, i])) };
    }
    if (node !== null && typeof node === 'object' && Object.getPrototypeOf(node) === Object.prototype) {
      const keys = Object.keys(node).sort();
      return { kind: 'object', keys, items: keys.map((k) => walk((node as Record<string, unknown>)[k], [...path, k])) };
    }
    throw new GradbookError(
      'tree.flatten',
      `${formatPath(path)} is ${describe(node)}, not a tensor, array or plain object; a tree holds only tensors in nested objects and arrays`,
    );
  };
  const structure = walk(tree, []);
  return { leaves, paths, structure };
}

/**
 * Rebuilds a tree from a structure (from `flatten`) and leaves in the same order.
 *
 * @example
 * const { leaves, structure } = tree.flatten(params);
 * const doubled = tree.unflatten(structure, leaves.map((x) => x.mul(2)));
 */
export function unflatten<L>(structure: TreeStructure, leaves: readonly L[]): Tree<L> {
  let i = 0;
  const build = (s: TreeStructure): Tree<L> => {
    if (s.kind === 'leaf') {
      if (i >= leaves.length) throw new GradbookError('tree.unflatten', `structure has more leaves than the ${leaves.length} given`);
      return leaves[i++] as Tree<L>;
    }
    if (s.kind === 'array') return s.items.map(build);
    const out: Record<string, Tree<L>> = {};
    s.keys.forEach((k, j) => {
      out[k] = build(s.items[j]!);
    });
    return out;
  };
  const result = build(structure);
  if (i !== leaves.length) {
    throw new GradbookError('tree.unflatten', `structure has ${i} leaves but ${leaves.length} were given`);
  }
  return result;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'object') return `an object of class ${value.constructor?.name ?? 'unknown'}`;
  return `a ${typeof value} (${String(value)})`;
}
