import { GradbookError } from '@gradbook/core';
import type { Dataset } from './dataset.js';

/**
 * Where a dataset's features live: one flat typed array for all examples, row-major, so a batch is
 * one gather into a `Float32Array` and one tensor. A table row points into the store through its
 * `index` column; splits and filters share the store and copy nothing.
 */
export interface FeatureStore {
  /** All examples' features, example after example. `Uint8Array` for images, `Float32Array` otherwise. */
  readonly data: Uint8Array | Float32Array;
  /** How many examples the store holds. */
  readonly count: number;
  /** Numbers per example (the product of the dataset's item shape). */
  readonly itemSize: number;
  /** The value a model sees is `stored × scale` (1/255 for image bytes, 1 otherwise). */
  readonly scale: number;
  /** Names of the features, for column stores (`['x0', 'x1']`); images have none. */
  readonly names?: readonly string[];
}

/**
 * Makes a feature store, checking that its array holds `count × itemSize` numbers. Use it with the
 * {@link Dataset} constructor to wrap features you already hold in one typed array (e.g. images).
 *
 * @param data - all examples' features, example after example.
 * @param count - how many examples.
 * @param itemSize - numbers per example.
 * @param scale - what a stored value is multiplied by on its way into a tensor (default 1; 1/255 for bytes).
 * @param names - feature names, shown by `describe()` (default none: one summary over all values).
 * @returns a {@link FeatureStore}.
 * @example
 * const store = featureStore(new Uint8Array(3 * 4), 3, 4, 1 / 255);
 */
export function featureStore(data: Uint8Array | Float32Array, count: number, itemSize: number, scale = 1, names?: readonly string[]): FeatureStore {
  if (data.length !== count * itemSize) {
    throw new GradbookError('featureStore', `expected ${count} × ${itemSize} = ${count * itemSize} values, got ${data.length}`);
  }
  return { data, count, itemSize, scale, names };
}

/**
 * Copies the features of the examples `rows[order[from]], …, rows[order[to − 1]]` (store indices
 * looked up through a permutation) into `out`, scaled to float.
 *
 * @param store - the feature store.
 * @param index - store index of each dataset row.
 * @param order - the dataset rows in batch order (a permutation), or `null` for 0, 1, 2, …
 * @param from - first position in `order`.
 * @param to - one past the last position.
 * @param out - receives `(to − from) × itemSize` floats.
 */
export function gatherFeatures(
  store: FeatureStore,
  index: Int32Array,
  order: Int32Array | null,
  from: number,
  to: number,
  out: Float32Array,
): void {
  const d = store.itemSize;
  const src = store.data;
  // Copy rows with the typed-array set (it converts bytes to floats natively), then scale in one
  // pass: about twice as fast as converting element by element, and monomorphic for both stores.
  let o = 0;
  for (let i = from; i < to; i++) {
    const s = index[order ? order[i] : i] * d;
    out.set(src.subarray(s, s + d), o);
    o += d;
  }
  const scale = store.scale;
  if (scale !== 1) for (let k = 0; k < o; k++) out[k] *= scale;
}
