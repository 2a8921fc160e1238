import type { Tensor } from '@tensorflow/tfjs';

/**
 * A tree: nested plain objects and arrays whose leaves are of type `L` (tensors unless said
 * otherwise). Parameters, gradients, optimizer state and attributions are all trees, e.g.
 * `{ hidden: { kernel, bias }, out: { kernel, bias } }`.
 */
export type Tree<L = Tensor> = L | readonly Tree<L>[] | { readonly [key: string]: Tree<L> };

/** A tree of tensors: what a model's parameters, gradients and optimizer state are. */
export type TensorTree = Tree<Tensor>;

/** The same nesting as `T` with each tensor leaf replaced by `L`. */
export type MapLeaves<T, L> = T extends Tensor
  ? L
  : T extends readonly (infer E)[]
    ? MapLeaves<E, L>[]
    : T extends object
      ? { [K in keyof T]: MapLeaves<T[K], L> }
      : never;

/** A leaf's position: the keys (object keys and array indices) from the root down. */
export type TreePath = readonly (string | number)[];

/** The shape of a tree without its leaves, as returned by `flatten` and taken by `unflatten`. */
export type TreeStructure =
  | { readonly kind: 'leaf' }
  | { readonly kind: 'array'; readonly items: readonly TreeStructure[] }
  | { readonly kind: 'object'; readonly keys: readonly string[]; readonly items: readonly TreeStructure[] };
