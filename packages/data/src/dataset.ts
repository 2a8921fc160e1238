import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { GradbookError, tf } from '@gradbook/core';
import type { Tensor } from '@gradbook/core';
import { featureStore, gatherFeatures, type FeatureStore } from './feature-store.js';

/** One batch of examples: inputs `x` (batch first) and targets `y`. */
export interface Batch {
  readonly x: Tensor;
  readonly y: Tensor;
  /** Each example's row in the dataset (its position in table order), the same in every epoch: per-example state (PS-KD) keys on it. */
  readonly rows?: Int32Array;
}

/** What the label column holds: class indices (int32 targets) or real numbers (float32 targets). */
export type Task = 'classification' | 'regression';

/** Options of {@link Dataset.toTensors} and of batch loaders. */
export interface TensorOptions {
  /** Classification only: give `y` as float32 one-hot rows `[n, numClasses]` instead of int32 indices `[n]`. Default false. */
  oneHot?: boolean;
}

/** Everything a {@link Dataset} is made of. */
export interface DatasetSpec {
  /** One row per example. Must hold an integer `index` column (the row's place in `store`) and the label column. */
  table: ColumnTable;
  /** The features of every example the table may point at. */
  store: FeatureStore;
  /** Shape of one example's features, e.g. `[2]` or `[28, 28, 1]`; its product must equal `store.itemSize`. */
  itemShape: readonly number[];
  /** Name of the label column. Default `'label'`. */
  label?: string;
  /** Default `'classification'`. */
  task?: Task;
  /** Number of classes; default the largest label + 1. Ignored for regression. */
  numClasses?: number;
  /** A short name shown in messages. */
  name?: string;
  /** The function to name in error messages. Default `'Dataset'`. */
  where?: string;
}

const INDEX = 'index';

/** A value as it reads in a message: numbers as numbers (NaN stays NaN), the rest as JSON. */
const show = (v: unknown): string => (typeof v === 'number' || v === undefined ? String(v) : JSON.stringify(v));

function isTable(value: unknown): value is ColumnTable {
  return typeof value === 'object' && value !== null && typeof (value as ColumnTable).numRows === 'function' && typeof (value as ColumnTable).columnNames === 'function';
}

/**
 * A dataset: an arquero table with one row per example (its `index` into a shared feature store,
 * its label, and anything else worth inspecting), plus how rows become tensors. Filtering or
 * splitting makes a new table over the same store; nothing is copied.
 *
 * Labels are checked when a dataset is made: the table must not be empty, the label column must
 * exist, and for classification it must hold whole numbers ≥ 0.
 */
export class Dataset {
  /** The examples, one per row: inspect it with any arquero verb. */
  readonly table: ColumnTable;
  /** The features every row's `index` points into. */
  readonly store: FeatureStore;
  /** Shape of one example's features (the batch dimension excluded). */
  readonly itemShape: readonly number[];
  /** Name of the label column. */
  readonly label: string;
  /** Class indices or real-valued targets. */
  readonly task: Task;
  /** Number of classes (0 for regression). */
  readonly numClasses: number;
  /** A short name shown in messages. */
  readonly name: string;
  readonly #index: Int32Array;
  readonly #labels: Int32Array | Float32Array;

  constructor(spec: DatasetSpec) {
    const where = spec.where ?? 'Dataset';
    const { table, store } = spec;
    if (!isTable(table)) throw new GradbookError(`${where}(table)`, `expected an arquero table, got ${typeof table}; make one with aq.table({...}) or aq.from(rows)`);
    if (table.numRows() === 0) {
      throw new GradbookError(`${where}(table)`, 'the table is empty (0 rows); a dataset needs at least one example — check the filter or split that produced it');
    }
    const label = spec.label ?? 'label';
    const task = spec.task ?? 'classification';
    if (task !== 'classification' && task !== 'regression') {
      throw new GradbookError(`${where}(task)`, `expected 'classification' or 'regression', got ${String(task)}`);
    }
    const names = table.columnNames();
    if (!names.includes(label)) {
      throw new GradbookError(`${where}(label)`, `the table has no label column "${label}" (its columns: ${names.join(', ')}); name the label column with { label: '…' }`);
    }
    if (!names.includes(INDEX)) {
      throw new GradbookError(`${where}(table)`, `the table has no "${INDEX}" column pointing into the feature store; make datasets from tables with fromTable(table, { features, label })`);
    }
    const size = itemSizeOf(spec.itemShape, where);
    if (size !== store.itemSize) {
      throw new GradbookError(`${where}(itemShape)`, `shape [${spec.itemShape.join(', ')}] holds ${size} numbers but each stored example has ${store.itemSize}`);
    }
    const rawIndex = table.array(INDEX) as ArrayLike<unknown>;
    const index = new Int32Array(rawIndex.length);
    for (let i = 0; i < rawIndex.length; i++) {
      const v = rawIndex[i] as number;
      if (!Number.isInteger(v) || v < 0 || v >= store.count) {
        throw new GradbookError(`${where}(table)`, `row ${i} has index ${String(v)}, but the store holds examples 0 … ${store.count - 1}`);
      }
      index[i] = v;
    }
    const rawLabels = table.array(label) as ArrayLike<unknown>;
    let labels: Int32Array | Float32Array;
    let numClasses = 0;
    if (task === 'classification') {
      labels = new Int32Array(rawLabels.length);
      let max = -1;
      for (let i = 0; i < rawLabels.length; i++) {
        const v = rawLabels[i];
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
          throw new GradbookError(
            `${where}(label)`,
            `column "${label}" must hold class indices (whole numbers ≥ 0), but row ${i} holds ${show(v)}; ` +
              `map classes to 0 … k−1 first, or pass { task: 'regression' } for real-valued targets`,
          );
        }
        labels[i] = v;
        if (v > max) max = v;
      }
      numClasses = spec.numClasses ?? max + 1;
      if (!Number.isInteger(numClasses) || numClasses <= max) {
        throw new GradbookError(`${where}(numClasses)`, `expected a whole number above the largest label ${max}, got ${numClasses}`);
      }
    } else {
      labels = new Float32Array(rawLabels.length);
      for (let i = 0; i < rawLabels.length; i++) {
        const v = rawLabels[i];
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          throw new GradbookError(`${where}(label)`, `regression targets in column "${label}" must be finite numbers, but row ${i} holds ${show(v)}`);
        }
        labels[i] = v;
      }
    }
    this.table = table;
    this.store = store;
    this.itemShape = [...spec.itemShape];
    this.label = label;
    this.task = task;
    this.numClasses = numClasses;
    this.name = spec.name ?? 'dataset';
    this.#index = index;
    this.#labels = labels;
  }

  /** Number of examples (table rows). */
  get size(): number {
    return this.#index.length;
  }

  /** Store index of every row, in table order. Read-only by convention. */
  get indices(): Int32Array {
    return this.#index;
  }

  /** The label of every row, in table order: `Int32Array` of classes or `Float32Array` of targets. Read-only by convention. */
  get labels(): Int32Array | Float32Array {
    return this.#labels;
  }

  /**
   * The first rows of the table, as arquero's `table.slice(0, n)`.
   *
   * @param n - how many rows (default 5).
   * @returns a new table with the first `n` rows.
   * @example
   * spirals({ n: 100 }).head(3).print();
   */
  head(n = 5): ColumnTable {
    return this.table.slice(0, n);
  }

  /**
   * A summary table: for classification one row per class with its `count`, `fraction` and the range
   * of every feature (`x0_min`, `x0_max`, …; for images `pixel_min`, `pixel_max`, `pixel_mean` on the
   * scale the model sees); for regression one row with the count, the feature ranges and the target's
   * range and mean.
   *
   * @returns a new arquero table.
   * @example
   * (await loadMnist({ limit: 1000 })).describe().print();
   */
  describe(): ColumnTable {
    const { store } = this;
    const n = this.size;
    const d = store.itemSize;
    const groups = this.task === 'classification' ? this.numClasses : 1;
    const group = (i: number) => (this.task === 'classification' ? this.#labels[i] : 0);
    const counts = new Float64Array(groups);
    const perFeature = !!store.names;
    const f = perFeature ? d : 1;
    const mins = new Float64Array(groups * f).fill(Infinity);
    const maxs = new Float64Array(groups * f).fill(-Infinity);
    const sums = new Float64Array(groups * f);
    const src = store.data;
    for (let i = 0; i < n; i++) {
      const g = group(i);
      counts[g]++;
      const s = this.#index[i] * d;
      for (let j = 0; j < d; j++) {
        const v = src[s + j];
        const k = g * f + (perFeature ? j : 0);
        if (v < mins[k]) mins[k] = v;
        if (v > maxs[k]) maxs[k] = v;
        sums[k] += v;
      }
    }
    const present: number[] = [];
    for (let g = 0; g < groups; g++) if (counts[g] > 0) present.push(g);
    const cols: Record<string, number[]> = {};
    if (this.task === 'classification') {
      cols[this.label] = present;
      cols.count = present.map((g) => counts[g]);
      cols.fraction = present.map((g) => counts[g] / n);
    } else {
      cols.count = [n];
    }
    const scale = store.scale;
    const featureNames = perFeature ? store.names! : ['pixel'];
    featureNames.forEach((name, j) => {
      cols[`${name}_min`] = present.map((g) => mins[g * f + j] * scale);
      cols[`${name}_max`] = present.map((g) => maxs[g * f + j] * scale);
      if (!perFeature) cols[`${name}_mean`] = present.map((g) => (sums[g * f + j] / (counts[g] * d)) * scale);
    });
    if (this.task === 'regression') {
      let lo = Infinity;
      let hi = -Infinity;
      let sum = 0;
      for (const v of this.#labels) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
        sum += v;
      }
      cols[`${this.label}_min`] = [lo];
      cols[`${this.label}_max`] = [hi];
      cols[`${this.label}_mean`] = [sum / n];
    }
    return aq.table(cols);
  }

  /**
   * The same examples' store with another table: use it after filtering, sampling or ordering
   * `dataset.table` with arquero.
   *
   * @param table - a table derived from this dataset's table (it must keep the `index` and label columns).
   * @param where - the function named in error messages (default `'withTable'`).
   * @returns a new dataset sharing this one's feature store.
   * @example
   * const small = mnist.withTable(mnist.table.filter((d) => d.label < 2));
   */
  withTable(table: ColumnTable, where = 'withTable'): Dataset {
    return new Dataset({ ...this.#spec(), table, where });
  }

  /**
   * The rows at the given positions (0 … size−1, in this table's order), as a new dataset.
   *
   * @param positions - row positions; repeats are allowed.
   * @param where - the function named in error messages (default `'take'`).
   * @returns a new dataset sharing this one's feature store.
   * @example
   * const firstTen = dataset.take([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
   */
  take(positions: ArrayLike<number>, where = 'take'): Dataset {
    const raw = this.table.indices();
    const rows = new Array<number>(positions.length);
    for (let i = 0; i < positions.length; i++) {
      const p = positions[i];
      if (!Number.isInteger(p) || p < 0 || p >= raw.length) {
        throw new GradbookError(`${where}(positions)`, `position ${p} is outside 0 … ${raw.length - 1}`);
      }
      rows[i] = raw[p];
    }
    return new Dataset({ ...this.#spec(), table: this.table.reify(rows), where });
  }

  /**
   * The same data with examples viewed in another shape, e.g. MNIST as `[784]` for an MLP instead of
   * `[28, 28, 1]` for a CNN.
   *
   * @param itemShape - the new shape of one example; it must hold as many numbers as the old one.
   * @returns a new dataset sharing the table and the store.
   * @example
   * const flat = mnist.reshape([784]);
   */
  reshape(itemShape: readonly number[]): Dataset {
    return new Dataset({ ...this.#spec(), itemShape, where: 'reshape' });
  }

  /**
   * The features of one row as the model sees them (scaled), e.g. to plot an MNIST digit.
   *
   * @param row - the row's position in the table.
   * @returns a new `Float32Array` of `itemShape`'s size.
   * @example
   * const pixels = mnist.features(0); // 784 numbers in [0, 1]
   */
  features(row: number): Float32Array {
    if (!Number.isInteger(row) || row < 0 || row >= this.size) {
      throw new GradbookError('features(row)', `row ${row} is outside 0 … ${this.size - 1}`);
    }
    const out = new Float32Array(this.store.itemSize);
    gatherFeatures(this.store, this.#index, null, row, row + 1, out);
    return out;
  }

  /**
   * All examples as one batch, in table order: `x` float32 `[n, ...itemShape]`, `y` int32 `[n]`
   * class indices (float32 `[n, numClasses]` with `oneHot`) or, for regression, float32 `[n, 1]`.
   * The tensors are the caller's to dispose.
   *
   * @param options - `oneHot` (default false).
   * @returns `{ x, y }`.
   * @example
   * const { x, y } = moons({ n: 200 }).toTensors(); // x [200, 2], y [200]
   */
  toTensors(options: TensorOptions = {}): Batch {
    return makeBatch(this, null, 0, this.size, options);
  }

  #spec(): DatasetSpec {
    return {
      table: this.table,
      store: this.store,
      itemShape: this.itemShape,
      label: this.label,
      task: this.task,
      numClasses: this.task === 'classification' ? this.numClasses : undefined,
      name: this.name,
    };
  }
}

function itemSizeOf(shape: readonly number[], where: string): number {
  if (!Array.isArray(shape) || shape.length === 0 || shape.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new GradbookError(`${where}(itemShape)`, `expected a shape of whole numbers ≥ 1 such as [2] or [28, 28, 1], got ${JSON.stringify(shape)}`);
  }
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Builds the batch of positions `from … to − 1` of `order` (or of the table order when `order` is
 * null): one gather into a `Float32Array`, one tensor each for `x` and `y`.
 */
export function makeBatch(ds: Dataset, order: Int32Array | null, from: number, to: number, options: TensorOptions): Batch {
  const n = to - from;
  const x = new Float32Array(n * ds.store.itemSize);
  gatherFeatures(ds.store, ds.indices, order, from, to, x);
  const labels = ds.labels;
  const rows = new Int32Array(n);
  for (let i = from; i < to; i++) rows[i - from] = order ? order[i] : i;
  const xt = tf.tensor(x, [n, ...ds.itemShape], 'float32');
  if (ds.task === 'regression') {
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) y[i] = labels[rows[i]];
    return { x: xt, y: tf.tensor2d(y, [n, 1], 'float32'), rows };
  }
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = labels[rows[i]];
  if (options.oneHot) {
    const k = ds.numClasses;
    const oh = new Float32Array(n * k);
    for (let i = 0; i < n; i++) oh[i * k + y[i]] = 1;
    return { x: xt, y: tf.tensor2d(oh, [n, k], 'float32'), rows };
  }
  return { x: xt, y: tf.tensor1d(y, 'int32'), rows };
}

/** Options of {@link fromTable}. */
export interface FromTableOptions {
  /** The numeric feature columns, in order; each example's features become a float32 row. */
  features: readonly string[];
  /** Name of the label column. Default `'label'`. */
  label?: string;
  /** Default `'classification'` (whole-number labels); use `'regression'` for real targets. */
  task?: Task;
  /** Number of classes; default the largest label + 1. */
  numClasses?: number;
  /** Shape of one example; default `[features.length]`. */
  itemShape?: readonly number[];
  /** A short name shown in messages. */
  name?: string;
}

/**
 * Makes a dataset from an arquero table of numeric feature columns and a label column. The
 * features are copied once into a float32 store; the table gains an `index` column and is kept for
 * inspection.
 *
 * @param table - one row per example.
 * @param options - `features` (required), `label` ('label'), `task` ('classification'), `numClasses`, `itemShape`.
 * @returns a {@link Dataset}.
 * @example
 * const ds = fromTable(aq.table({ a: [0, 1], b: [1, 0], label: [0, 1] }), { features: ['a', 'b'] });
 */
export function fromTable(table: ColumnTable, options: FromTableOptions): Dataset {
  const where = 'fromTable';
  if (!isTable(table)) throw new GradbookError(`${where}(table)`, `expected an arquero table, got ${typeof table}; make one with aq.table({...}) or aq.from(rows)`);
  if (table.numRows() === 0) throw new GradbookError(`${where}(table)`, 'the table is empty (0 rows); a dataset needs at least one example');
  const features = options?.features;
  if (!Array.isArray(features) || features.length === 0) {
    throw new GradbookError(`${where}(features)`, `expected a list of feature column names, got ${JSON.stringify(features)}`);
  }
  const names = table.columnNames();
  if (names.includes(INDEX)) {
    throw new GradbookError(`${where}(table)`, `the column name "${INDEX}" is reserved for the store index; rename it first with table.rename({ index: 'id' })`);
  }
  for (const f of features) {
    if (!names.includes(f)) throw new GradbookError(`${where}(features)`, `the table has no column "${f}" (its columns: ${names.join(', ')})`);
  }
  const t = table.reify();
  const n = t.numRows();
  const d = features.length;
  const data = new Float32Array(n * d);
  features.forEach((f, j) => {
    const col = t.array(f) as ArrayLike<unknown>;
    for (let i = 0; i < n; i++) {
      const v = col[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new GradbookError(`${where}(features)`, `feature "${f}" must hold finite numbers, but row ${i} holds ${show(v)}`);
      }
      data[i * d + j] = v;
    }
  });
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  return new Dataset({
    table: t.assign({ [INDEX]: index }).relocate(INDEX, { before: 0 } as never),
    store: featureStore(data, n, d, 1, features),
    itemShape: options.itemShape ?? [d],
    label: options.label,
    task: options.task,
    numClasses: options.numClasses,
    name: options.name,
    where,
  });
}
