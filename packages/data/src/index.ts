/**
 * @gradbook/data — datasets as arquero tables: real MNIST from its IDX files, synthetic 2-D sets for
 * teaching, seeded splits, batch loaders for `train`, and run logs.
 */
export { Dataset } from './dataset.js';
export { fromTable } from './dataset.js';
export type { Batch, DatasetSpec, FromTableOptions, Task, TensorOptions } from './dataset.js';
export { featureStore } from './feature-store.js';
export type { FeatureStore } from './feature-store.js';
export { IdxParser } from './idx.js';
export { IdxFormatError } from './idx.js';
export { parseIdx } from './idx.js';
export { readIdx } from './idx.js';
export type { IdxArray, IdxDtype, IdxOptions, IdxSource } from './idx.js';
export { loadMnist } from './mnist.js';
export { mnistFilePaths } from './mnist.js';
export { MNIST_FILES } from './mnist.js';
export type { LoadMnistOptions } from './mnist.js';
export { spirals } from './synthetic/spirals.js';
export { moons } from './synthetic/moons.js';
export { circles } from './synthetic/circles.js';
export { xor } from './synthetic/xor.js';
export { blobs } from './synthetic/blobs.js';
export { regression1d } from './synthetic/regression1d.js';
export type { SyntheticOptions } from './synthetic/make.js';
export type { SpiralsOptions } from './synthetic/spirals.js';
export type { CirclesOptions } from './synthetic/circles.js';
export type { XorOptions } from './synthetic/xor.js';
export type { BlobsOptions } from './synthetic/blobs.js';
export type { Regression1dOptions } from './synthetic/regression1d.js';
export { splitDataset } from './split-dataset.js';
export type { SplitOptions, Splits } from './split-dataset.js';
export { forgetRetain } from './forget-retain.js';
export type { ForgetRetain, ForgetRetainOptions } from './forget-retain.js';
export { labelProportionBags } from './label-proportion-bags.js';
export type { BagOptions, Bags } from './label-proportion-bags.js';
export { BatchLoader } from './batch-loader.js';
export { batchLoader } from './batch-loader.js';
export type { BatchLoaderOptions, BatchSource } from './batch-loader.js';
export { RunLog } from './run-log.js';
export { runLog } from './run-log.js';
export { defaultMode } from './run-log.js';
export type { BestMode, MetricSummary, RunLogEvent } from './run-log.js';
export { mulberry32 } from './random.js';
export { seededRandom } from './random.js';
export { deriveSeed } from './random.js';
export { permutation } from './random.js';
export type { Rng, Uniform } from './random.js';
