import type { Tensor, Tensor1D } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { GradbookError } from '../errors.js';
import { customOp } from '../ops/custom-op.js';
import { matMul } from '../ops/mat-mul.js';
import { uniformArray } from '../random/uniform.js';
import type { Layer } from './layer.js';

/** Options of {@link embedding}. */
export interface EmbeddingOptions {
  /** The layer's name; its table lives under it. Default `embedding` + its index in the model. */
  name?: string;
  /** How many ids there are: inputs are integers in `[0, vocab)`. */
  vocab: number;
  /** The length of each id's vector. */
  dim: number;
}

/**
 * The gradient of a row lookup with respect to the table: row `v` gets the sum of the output
 * gradients of every position that looked it up. With `UnsortedSegmentSum` (cpu, WebGL, WebGPU)
 * that is one segment sum; without it (wasm) one product `onehot(ids)ᵀ · dy`. Both are linear in
 * `dy` through ops that are themselves differentiable, so second derivatives flow through them.
 */
function tableGradient(dy: Tensor, ids: Tensor, vocab: number, dim: number): Tensor {
  const rows = tf.reshape(dy, [-1, dim]);
  if (tf.getKernel('UnsortedSegmentSum', tf.getBackend())) return tf.unsortedSegmentSum(rows, ids as Tensor1D, vocab);
  // int32 one-hot, then cast: wasm's OneHot with dtype float32 returns zeros (tfjs 4.22).
  return matMul(tf.transpose(tf.cast(tf.oneHot(ids as Tensor1D, vocab), 'float32')), rows);
}

/** Row lookup `table[ids]` as one tape node whose table gradient accumulates repeated ids. */
function lookup(table: Tensor, ids: Tensor, outShape: number[]): Tensor {
  const [vocab, dim] = table.shape as [number, number];
  return customOp([table], (t) => tf.reshape(tf.gather(t, ids), outShape), (dy) => [() => tableGradient(dy, ids, vocab, dim)]);
}

/** Integer ids in range, checked by reading them where that is cheap (cpu, wasm); throws otherwise. */
function checkIds(name: string, x: Tensor, vocab: number): void {
  if (tf.getBackend() !== 'cpu' && tf.getBackend() !== 'wasm') return;
  const values = x.dataSync();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(Number.isInteger(v) && v >= 0 && v < vocab)) {
      throw new GradbookError(`embedding(${name})`, `inputs must be integer ids in [0, ${vocab}), got ${v} at flat index ${i}`);
    }
  }
}

/**
 * A lookup table from integer ids to learned vectors: inputs `[n, ...]` of ids in `[0, vocab)`
 * (int32, or floats holding integers) give `[n, ..., dim]`. Parameters `{ embeddings: [vocab, dim] }`
 * start uniform in `±√3` (unit variance). Must be the model's first layer. The table's gradient sums
 * over repeated ids and works on every backend, including wasm, which lacks the segment sum
 * TensorFlow.js's own `gather` gradient needs. On cpu and wasm the ids are checked (integers, in
 * range); on GPU backends an id out of range is not detected.
 *
 * @param options - `vocab`, `dim`, `name` (default `embedding` + its index).
 * @returns a layer for {@link sequential}.
 * @example
 * const bag = sequential([2], [embedding({ name: 'embed', vocab: 23, dim: 16 }), flatten(), dense({ units: 23 })]);
 * bag.apply(bag.init(0), tf.tensor2d([[3, 5]], [1, 2], 'int32')).shape; // [1, 23]
 * @see Bengio, Ducharme, Vincent & Jauvin (2003), A Neural Probabilistic Language Model.
 */
export function embedding(options: EmbeddingOptions): Layer {
  const { vocab, dim } = options ?? ({} as EmbeddingOptions);
  const where = `embedding(${options?.name ?? ''})`;
  if (!Number.isInteger(vocab) || vocab < 1) throw new GradbookError(where, `vocab must be a positive integer, got ${vocab}`);
  if (!Number.isInteger(dim) || dim < 1) throw new GradbookError(where, `dim must be a positive integer, got ${dim}`);
  return {
    name: options.name,
    type: 'embedding',
    config: { type: 'embedding', ...(options.name !== undefined ? { name: options.name } : {}), vocab, dim },
    build(inputShape, name) {
      return {
        info: { name, type: 'embedding', inputShape: [...inputShape], outputShape: [...inputShape, dim], params: ['embeddings'] },
        paramShapes: { embeddings: [vocab, dim] },
        integerInput: true,
        init(seed) {
          const u = uniformArray(seed, vocab * dim);
          for (let i = 0; i < u.length; i++) u[i] = (2 * u[i]! - 1) * Math.sqrt(3);
          return { embeddings: tf.tensor(u, [vocab, dim], 'float32') };
        },
        apply(params, x) {
          checkIds(name, x, vocab);
          const ids = tf.reshape(x.dtype === 'int32' ? x : tf.cast(x, 'int32'), [-1]);
          return lookup(params!.embeddings!, ids, [...x.shape, dim]);
        },
      };
    },
  };
}
