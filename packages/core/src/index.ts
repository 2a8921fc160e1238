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
export type { ApplyOptions, LayerInfo, Loss, Model, ModelState, Params } from './model/types.js';
// Ops that are right to any order of differentiation.
export * as ops from './ops/index.js';
// Seeded randomness.
export * as random from './random/index.js';
export { splitSeed } from './random/split-seed.js';
// Layers and models.
export { activation } from './layers/activation.js';
export { avgPool2d } from './layers/pool.js';
export { batchNorm } from './layers/batch-norm.js';
export { binaryConv2d } from './layers/binary-conv2d.js';
export { binaryDense } from './layers/binary-dense.js';
export { concat } from './model/concat.js';
export { conv2d } from './layers/conv2d.js';
export { dense } from './layers/dense.js';
export { dropout } from './layers/dropout.js';
export { embedding } from './layers/embedding.js';
export { flatten } from './layers/flatten.js';
export { layerNorm } from './layers/layer-norm.js';
export { maxPool2d } from './layers/pool.js';
export { meanPool } from './layers/mean-pool.js';
export { residual } from './model/residual.js';
export { sequential } from './model/sequential.js';
export { fromSpec } from './model/from-spec.js';
export { fromConfig } from './model/config.js';
export type { LayerConfig, ModelConfig } from './model/config.js';
export { ParamsError } from './model/errors.js';
export { SpecError } from './model/errors.js';
export type { ActivationName } from './layers/activation-fn.js';
export type { BinarizeOptions } from './layers/binarize.js';
export type { BinaryConv2dOptions } from './layers/binary-conv2d.js';
export type { BinaryDenseOptions } from './layers/binary-dense.js';
export type { Conv2dLayerOptions } from './layers/conv2d.js';
export type { DenseOptions } from './layers/dense.js';
export type { BatchNormOptions } from './layers/batch-norm.js';
export type { EmbeddingOptions } from './layers/embedding.js';
export type { LayerNormOptions } from './layers/layer-norm.js';
export type { ResidualOptions } from './model/residual.js';
export type { Layer } from './layers/layer.js';
export type { Pool2dLayerOptions } from './layers/pool.js';
export type { LayerSpec } from './model/from-spec.js';
export type { ModelSpec } from './model/from-spec.js';
export type { NestedArray } from './model/from-spec.js';
// Losses and metrics.
export { accuracy } from './losses/accuracy.js';
export { crossEntropy } from './losses/cross-entropy.js';
export { crossEntropyWith } from './losses/cross-entropy.js';
export { mse } from './losses/mse.js';
export type { CrossEntropyOptions } from './losses/cross-entropy.js';
export { multiSampleDropout } from './losses/multi-sample-dropout.js';
export type { MultiSampleDropoutOptions } from './losses/multi-sample-dropout.js';
export { bagProportionLoss } from './losses/bag-proportion-loss.js';
export { psKdLoss } from './losses/ps-kd-loss.js';
export { zLoss } from './losses/z-loss.js';
export type { ZLossOptions } from './losses/z-loss.js';
// Autodiff on parameter trees.
export { grad } from './autodiff/value-and-grad.js';
export { hvp } from './autodiff/hvp.js';
export { perExampleGradNorms } from './autodiff/per-example-grads.js';
export { perExampleGrads } from './autodiff/per-example-grads.js';
export { valueAndGrad } from './autodiff/value-and-grad.js';
export type { PerExampleOptions } from './autodiff/per-example-grads.js';
export type { ValueAndGrad } from './autodiff/value-and-grad.js';
// Training in a random subspace (intrinsic dimension, Li et al. 2018).
export { denseProjection } from './subspace/dense-projection.js';
export { fastfoodProjection } from './subspace/fastfood-projection.js';
export { intrinsicDimension } from './subspace/intrinsic-dimension.js';
export { sparseProjection } from './subspace/sparse-projection.js';
export { subspaceModel } from './subspace/subspace-model.js';
export type { DenseProjectionOptions } from './subspace/dense-projection.js';
export type { IntrinsicDimension, IntrinsicDimensionOptions } from './subspace/intrinsic-dimension.js';
export type { Projection, ProjectionKind, ProjectionOptions } from './subspace/projection.js';
export type { SparseProjectionOptions } from './subspace/sparse-projection.js';
export type { SubspaceModel, SubspaceModelOptions, SubspaceParams } from './subspace/subspace-model.js';
// The training loop.
export { train } from './train/train.js';
export type { Metric, TrainEvent, TrainOptions } from './train/train.js';
export type { Batch, BatchSource, DataSource } from './train/data-source.js';
export { psKd } from './train/ps-kd.js';
export type { PsKd } from './train/ps-kd.js';
export type { PsKdOptions } from './train/ps-kd.js';
export type { BatchLoss } from './train/batch-loss.js';
export { TrainingAbortedError } from './train/errors.js';
export { TrainingDivergedError } from './train/errors.js';
