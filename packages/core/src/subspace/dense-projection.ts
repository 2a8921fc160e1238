import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { GradbookError } from '../errors.js';
import { matMul } from '../ops/mat-mul.js';
import { normalArray } from '../random/normal.js';
import { splitSeed } from '../random/split-seed.js';
import { checkDims, checkVector, type Projection, type ProjectionOptions } from './projection.js';

/** Options of {@link denseProjection}: a random matrix (`dim`, `size`, `seed`), or a given one. */
export type DenseProjectionOptions =
  | (ProjectionOptions & {
      /** Refuse to hold more than this many bytes (`4·size·dim`). Default 256 MiB. */
      maxBytes?: number;
    })
  | {
      /** A given `[size, dim]` matrix (copied; yours stays yours). */
      matrix: Tensor2D | number[][];
    };

/**
 * The dense random projection of intrinsic dimension training: `P` is `[D, d]` with independent
 * Gaussian entries and each column scaled to unit length, held whole — `4·D·d` bytes, which is why
 * it is only for small models: the 784-200-200-10 MNIST network (D = 199,210) needs 80 MB at d = 100
 * and 800 MB at d = 1000. Use {@link sparseProjection} or {@link fastfoodProjection} beyond that.
 *
 * @param options - `dim` (d), `size` (D), `seed` (0), `maxBytes` (256 MiB); or a given `matrix`.
 * @returns the projection (dispose it when done).
 * @example
 * const P = denseProjection({ dim: 10, size: 51, seed: 1 });
 * P.apply(tf.ones([10])).shape; // [51]
 * P.bytes; // 2040
 * @see Li, Farkhoor, Liu, Yosinski (2018), Measuring the Intrinsic Dimension of Objective Landscapes (ICLR), §2.
 */
export function denseProjection(options: DenseProjectionOptions): Projection {
  const where = 'denseProjection';
  let p: Tensor2D;
  if ('matrix' in options) {
    const m = options.matrix;
    p = m instanceof tf.Tensor ? (tf.clone(m) as Tensor2D) : tf.tensor2d(m);
    if (p.rank !== 2) {
      p.dispose();
      throw new GradbookError(`${where}(matrix)`, `expected a [size, dim] matrix, got rank ${(m as Tensor).rank ?? 'not 2'}`);
    }
    checkDims(where, p.shape[1], p.shape[0]);
  } else {
    const { dim, size, seed = 0, maxBytes = 256 * 2 ** 20 } = options;
    checkDims(where, dim, size);
    const bytes = 4 * size * dim;
    if (bytes > maxBytes) {
      throw new GradbookError(
        where,
        `a dense [${size}, ${dim}] projection holds ${(bytes / 2 ** 20).toFixed(0)} MiB, more than maxBytes (${(maxBytes / 2 ** 20).toFixed(0)} MiB); use sparseProjection or fastfoodProjection, or raise maxBytes`,
      );
    }
    const a = normalArray(splitSeed(seed, 0), size * dim);
    const norms = new Float64Array(dim);
    for (let i = 0; i < size; i++) for (let j = 0; j < dim; j++) norms[j] += a[i * dim + j]! ** 2;
    for (let j = 0; j < dim; j++) norms[j] = 1 / Math.sqrt(norms[j]!);
    for (let i = 0; i < size; i++) for (let j = 0; j < dim; j++) a[i * dim + j] *= norms[j]!;
    p = tf.tensor2d(a, [size, dim]);
  }
  const [size, dim] = p.shape;
  return {
    kind: 'dense',
    dim,
    size,
    bytes: 4 * size * dim,
    apply(d: Tensor): Tensor1D {
      checkVector(`${where}.apply`, d, dim);
      return tf.tidy(() => tf.reshape(matMul(p, tf.reshape(d, [dim, 1])), [size]) as Tensor1D);
    },
    dispose: () => p.dispose(),
  };
}
