/**
 * @gradbook/core — tensors on TensorFlow.js: backends, parameter trees, functional models, losses,
 * autodiff that is right to second order, and the training loop.
 */
export { tf } from './tf.js';
export type { Tensor, Rank, Scalar, Tensor1D, Tensor2D, Tensor3D, Tensor4D } from './tf.js';
export { GradbookError } from './errors.js';
export { ShapeError } from './errors.js';
export { formatShape } from './errors.js';
export * as tree from './tree/index.js';
export type { TensorTree, Tree, TreePath, TreeStructure, MapLeaves } from './tree/types.js';
export { setBackend } from './backend.js';
export { getBackend } from './backend.js';
export type { BackendName, SetBackendOptions } from './backend.js';
export type { GradientTransformation } from './gradient-transformation.js';
export type { ApplyOptions, LayerInfo, Loss, Model, Params } from './model/types.js';
