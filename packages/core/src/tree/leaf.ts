import { tf } from '../tf.js';
import type { Tensor } from '@tensorflow/tfjs';

/** True for a tree's leaves: TensorFlow.js tensors (variables included). */
export function isLeaf(value: unknown): value is Tensor {
  return value instanceof tf.Tensor;
}

/** Formats a path as `hidden.kernel` (array indices as `layers.0.kernel`); the root is `<root>`. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.length === 0 ? '<root>' : path.join('.');
}
