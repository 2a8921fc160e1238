import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { uniformArray } from '../random/uniform.js';

/**
 * A kernel drawn uniformly from ±limit: Glorot (`√(6 / (fanIn + fanOut))`) or He (`√(6 / fanIn)`).
 * @internal
 * @see Glorot & Bengio (2010); He et al. (2015).
 */
export function initKernel(seed: number, shape: readonly number[], fanIn: number, fanOut: number, he: boolean): Tensor {
  const limit = he ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
  const size = shape.reduce((a, b) => a * b, 1);
  const u = uniformArray(seed, size);
  for (let i = 0; i < size; i++) u[i] = (2 * u[i]! - 1) * limit;
  return tf.tensor(u, shape as number[], 'float32');
}
