import { GradbookError } from '@gradbook/core';
import { Dataset, makeBatch, type Batch, type TensorOptions } from './dataset.js';
import { checkSeed, deriveSeed, permutation } from './random.js';

/**
 * Anything that yields an epoch's batches on demand — what `@gradbook/core`'s `train({ data })`
 * accepts besides plain batches.
 *
 * **Ownership contract.** The source owns the tensors it yields. It disposes the batch it yielded
 * before when the consumer asks for the next one (calls `next()`), and the last one when the
 * iteration ends or is left early (`return()`, e.g. `break` in `for await` or an aborted run). The
 * consumer never disposes batch tensors and must not hold on to a batch past the next `next()`;
 * clone it (or ask the source to `keep` batches) to keep it.
 */
export interface BatchSource {
  /**
   * The batches of one pass over the data.
   *
   * @param epoch - counts from 0; a shuffling source derives that epoch's order from (seed, epoch).
   */
  batches(epoch: number): AsyncIterable<Batch>;
}

/** Options of {@link batchLoader}. */
export interface BatchLoaderOptions extends TensorOptions {
  /**
   * Examples per batch: a whole number ≥ 1, or a function read before every batch (for adaptive
   * batch sizes, e.g. growing the batch as training proceeds).
   */
  batchSize: number | (() => number);
  /** Shuffle every epoch; the order of epoch e depends only on (seed, e). Default true. */
  shuffle?: boolean;
  /** Seed of the shuffles (a whole number). Default 0. */
  seed?: number;
  /** Skip an epoch's last batch when it is smaller than the batch size (PyTorch's `drop_last`). Default false. */
  dropLast?: boolean;
  /** Hand batch tensors to the consumer instead of disposing them on `next()`; the consumer then disposes them. Default false. */
  keep?: boolean;
}

function readBatchSize(batchSize: BatchLoaderOptions['batchSize']): number {
  const b = typeof batchSize === 'function' ? batchSize() : batchSize;
  if (typeof b !== 'number' || !Number.isInteger(b) || b < 1) {
    const from = typeof batchSize === 'function' ? 'the batchSize function returned' : 'got';
    throw new GradbookError('batchLoader(batchSize)', `expected a whole number ≥ 1, ${from} ${String(b)}; use e.g. batchSize: 32`);
  }
  return b;
}

/**
 * Mini-batches of a {@link Dataset} as a {@link BatchSource}: `batches(epoch)` is an async iterator
 * of `{ x, y }` tensor batches. Each batch is one gather into a `Float32Array` and one tensor each
 * for `x` and `y`, so batching costs a small fraction of a training step.
 */
export class BatchLoader implements BatchSource {
  /** The dataset the batches come from. */
  readonly dataset: Dataset;
  readonly #options: BatchLoaderOptions;
  readonly #seed: number;

  constructor(dataset: Dataset, options: BatchLoaderOptions) {
    if (!(dataset instanceof Dataset)) {
      throw new GradbookError('batchLoader(dataset)', 'expected a Dataset (from loadMnist, spirals, fromTable, …); wrap an arquero table with fromTable(table, { features, label })');
    }
    if (!options || options.batchSize === undefined) throw new GradbookError('batchLoader(batchSize)', 'no batch size given; pass e.g. { batchSize: 32 }');
    if (typeof options.batchSize !== 'function') readBatchSize(options.batchSize);
    this.dataset = dataset;
    this.#options = { ...options };
    this.#seed = checkSeed('batchLoader', options.seed ?? 0);
  }

  /**
   * The order in which epoch `epoch` visits the dataset's rows.
   *
   * @param epoch - counts from 0.
   * @returns row positions (a permutation when shuffling, else 0 … n−1).
   */
  order(epoch: number): Int32Array {
    const n = this.dataset.size;
    if (this.#options.shuffle === false) return Int32Array.from({ length: n }, (_, i) => i);
    return permutation(n, deriveSeed(this.#seed, 'epoch', epoch));
  }

  /**
   * Number of batches per epoch at the current batch size (for a function batch size: if it kept its
   * current value for the whole epoch; reading this calls the function once).
   */
  get numBatches(): number {
    const b = readBatchSize(this.#options.batchSize);
    const n = this.dataset.size;
    return this.#options.dropLast ? Math.floor(n / b) : Math.ceil(n / b);
  }

  /**
   * One epoch of batches: `x` float32 `[b, ...itemShape]`, `y` int32 `[b]` (float32 `[b, k]` with
   * `oneHot`, float32 `[b, 1]` for regression). See {@link BatchSource} for who frees what.
   *
   * @param epoch - counts from 0 (default 0); sets the shuffle.
   * @returns an async generator of batches.
   * @example
   * const loader = batchLoader(moons({ n: 1000 }), { batchSize: 32, seed: 1 });
   * for await (const { x, y } of loader.batches(0)) {
   *   // use x, y before asking for the next batch; never dispose them
   * }
   */
  async *batches(epoch = 0): AsyncGenerator<Batch, void, undefined> {
    if (!Number.isInteger(epoch) || epoch < 0) throw new GradbookError('batches(epoch)', `expected a whole number ≥ 0, got ${epoch}`);
    const { dataset } = this;
    const { keep = false, dropLast = false } = this.#options;
    const order = this.#options.shuffle === false ? null : this.order(epoch);
    const n = dataset.size;
    let previous: Batch | undefined;
    try {
      let pos = 0;
      while (pos < n) {
        const b = readBatchSize(this.#options.batchSize);
        const end = Math.min(n, pos + b);
        if (dropLast && end - pos < b) break;
        const batch = makeBatch(dataset, order, pos, end, this.#options);
        pos = end;
        if (previous && !keep) dispose(previous);
        previous = batch;
        yield batch;
      }
    } finally {
      if (previous && !keep) dispose(previous);
    }
  }
}

function dispose(batch: Batch): void {
  batch.x.dispose();
  batch.y.dispose();
}

/**
 * Mini-batches of a dataset, shuffled per epoch by seed, as a {@link BatchSource} that
 * `train({ data })` takes directly.
 *
 * @param dataset - the examples.
 * @param options - `batchSize` (required; a number or a function read before each batch),
 *   `shuffle` (true), `seed` (0), `dropLast` (false), `keep` (false: batches are freed when the
 *   consumer moves on), `oneHot` (false).
 * @returns a {@link BatchLoader}.
 * @example
 * const loader = batchLoader(await loadMnist({ itemShape: [784] }), { batchSize: 128, seed: 0 });
 * for await (const event of train({ model, params, loss, optimizer, data: loader, epochs: 1 })) log.append(event);
 * @example
 * // adaptive batch size: doubles every 100 batches
 * let seen = 0;
 * const growing = batchLoader(ds, { batchSize: () => 16 * 2 ** Math.floor(seen++ / 100) });
 */
export function batchLoader(dataset: Dataset, options: BatchLoaderOptions): BatchLoader {
  return new BatchLoader(dataset, options);
}
