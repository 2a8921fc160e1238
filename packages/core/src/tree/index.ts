/**
 * Parameter trees: nested plain objects and arrays of tensors, and the leafwise operations on them.
 * Import as a namespace: `import { tree } from '@gradbook/core'; tree.norm(grads)`.
 */
export { add } from './arithmetic.js';
export { axpy } from './arithmetic.js';
export { clone } from './arithmetic.js';
export { count } from './arithmetic.js';
export { dispose } from './arithmetic.js';
export { disposeReplaced } from './dispose-replaced.js';
export { dot } from './arithmetic.js';
export { leaves } from './arithmetic.js';
export { mul } from './arithmetic.js';
export { norm } from './arithmetic.js';
export { scale } from './arithmetic.js';
export { sub } from './arithmetic.js';
export { zerosLike } from './arithmetic.js';
export { flatten, unflatten } from './flatten.js';
export type { FlatTree } from './flatten.js';
export { formatPath, isLeaf } from './leaf.js';
export { map, zip } from './map.js';
export type { MapLeaves, TensorTree, Tree, TreePath, TreeStructure } from './types.js';
