import type { Tensor } from '@tensorflow/tfjs';
import { GradbookError } from '../errors.js';
import { tf } from '../tf.js';

/** One batch of examples: inputs `x` (batch first) and targets `y`. */
export interface Batch {
  readonly x: Tensor;
  readonly y: Tensor;
  /**
   * Which examples these are: each one's row in its dataset, the same in every epoch whatever the
   * shuffle (`@gradbook/data`'s loaders set it). Methods that keep state per example, such as
   * `psKd`, need it.
   */
  readonly rows?: Int32Array;
}

/**
 * Something that yields an epoch's batches on demand: `@gradbook/data`'s batch loaders are these.
 * The source owns the tensors it yields: it frees a batch when the consumer asks for the next one.
 */
export interface BatchSource {
  batches(epoch: number): AsyncIterable<Batch> | Iterable<Batch>;
}

/**
 * What `train` accepts as data: one batch (full-batch training, the same batch every step), a
 * {@link BatchSource}, a function from the epoch number to its batches, or an array of batches.
 * `train` never disposes batch tensors: they belong to whoever made them.
 */
export type DataSource = Batch | BatchSource | ((epoch: number) => AsyncIterable<Batch> | Iterable<Batch>) | readonly Batch[];

function isBatch(value: unknown): value is Batch {
  return typeof value === 'object' && value !== null && (value as Batch).x instanceof tf.Tensor && (value as Batch).y instanceof tf.Tensor;
}

/** The batches of one epoch, whatever form the data came in. */
export function epochBatches(data: DataSource, epoch: number): AsyncIterable<Batch> | Iterable<Batch> {
  if (isBatch(data)) return [data];
  if (Array.isArray(data)) return data as readonly Batch[];
  if (typeof data === 'function') return data(epoch);
  if (typeof data === 'object' && data !== null && typeof (data as BatchSource).batches === 'function') {
    return (data as BatchSource).batches(epoch);
  }
  throw new GradbookError(
    'train',
    'data must be a batch { x, y } of tensors, an array of batches, a function of the epoch, or an object with batches(epoch) (such as a @gradbook/data loader)',
  );
}

/** How many batches an epoch has, when the source can tell without being read. */
export function batchesPerEpoch(data: DataSource): number | undefined {
  if (isBatch(data)) return 1;
  if (Array.isArray(data)) return data.length;
  const n = (data as { numBatches?: unknown }).numBatches;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}
