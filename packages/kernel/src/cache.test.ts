import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { tf } from '@gradbook/core';
import { compile } from './compile.js';
import { run, type NotebookRun, type RunOptions } from './run.js';
import { MemoryCache } from './cache/cell-cache.js';
import { deserialise, serialise } from './cache/serialize.js';
import { DiskCache } from './node/disk-cache.js';

declare global {
  // eslint-disable-next-line no-var
  var __computed: number[];
}

let open: NotebookRun[] = [];
afterEach(() => {
  for (const nb of open) nb.dispose();
  open = [];
});
const temp = mkdtempSync(path.join(tmpdir(), 'gradbook-cache-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A cached training-like run whose every computation is logged in globalThis.__computed. */
const NOTEBOOK = `---
seed: 1
---
\`\`\`js
viewof lr = Inputs.range([0, 1], {value: 0.1})
\`\`\`

\`\`\`js
optimizer = ({step: (w) => w.sub(w.mul(lr)), name: "sgd"})
\`\`\`

\`\`\`js cache
run = {
  globalThis.__computed.push(lr);
  let w = tf.ones([2]);
  try {
    for (let step = 1; step <= 3; ++step) {
      const next = tf.tidy(() => optimizer.step(w));
      w.dispose();
      w = next;
      yield {step, loss: w.dataSync()[0], params: {w: w.clone()}};
    }
  } finally {
    w.dispose();
  }
}
\`\`\`
`;

async function start(markdown: string, options: RunOptions): Promise<NotebookRun> {
  const nb = await run(compile(markdown), { backend: 'cpu', ...options });
  open.push(nb);
  await nb.settled();
  return nb;
}

describe('serialise / deserialise', () => {
  it('round-trips numbers (also NaN and infinities), strings, nested objects and tensors', () => {
    const value = { a: [1, NaN, -Infinity, 'x', null, true], t: tf.tensor([[1, 2], [3, 4]]), i: tf.tensor([1, 2], [2], 'int32'), $odd: 1 };
    const back = deserialise(serialise(value)!)!.value as typeof value;
    expect(back.a).toEqual([1, NaN, -Infinity, 'x', null, true]);
    expect(back.t.shape).toEqual([2, 2]);
    expect(Array.from(back.t.dataSync())).toEqual([1, 2, 3, 4]);
    expect(back.i.dtype).toBe('int32');
    expect(back.$odd).toBe(1);
    tf.dispose([value.t, value.i, back.t, back.i]);
  });

  it('refuses values it cannot store faithfully', () => {
    expect(serialise({ f: () => 1 })).toBeUndefined();
    expect(serialise(new Map())).toBeUndefined();
  });

  it('reads malformed text as a miss and leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    const text = serialise({ a: tf.scalar(1), b: { $tensor: 0 } })!;
    expect(deserialise(text.slice(0, text.length - 5))).toBeUndefined();
    const badShape = text.replace('"shape":[]', '"shape":[3]');
    expect(deserialise(badShape)).toBeUndefined();
    expect(deserialise('{"format":"other","value":1}')).toBeUndefined();
    expect(tf.memory().numTensors).toBe(before + 1);
  });
});

describe('the run cache', () => {
  it('returns the earlier result when an input returns to an earlier value, without recomputing', async () => {
    globalThis.__computed = [];
    const nb = await start(NOTEBOOK, { cache: new MemoryCache() });
    const first = nb.result().cells.run as { loss: number; params: { w: tf.Tensor } };
    expect(first.loss).toBeCloseTo(0.9 ** 3, 6);
    nb.set('lr', 0.5);
    await nb.settled();
    expect((nb.result().cells.run as { loss: number }).loss).toBeCloseTo(0.5 ** 3, 6);
    nb.set('lr', 0.1);
    await nb.settled();
    expect(globalThis.__computed).toEqual([0.1, 0.5]);
    const again = nb.result().cells.run as { step: number; loss: number; params: { w: tf.Tensor } };
    expect(again.step).toBe(3);
    expect(again.loss).toBe(first.loss);
    expect(Array.from(again.params.w.dataSync())).toEqual([0.9 ** 3, 0.9 ** 3].map((x) => Math.fround(x)));
    expect(nb.cell('run')!.cacheHits).toBe(1);
  });

  it('caches an async generator (a run that awaits between steps) by its last event', async () => {
    globalThis.__computed = [];
    const asyncNotebook = NOTEBOOK.replace('const next = tf.tidy(() => optimizer.step(w));', 'await null;\n      const next = tf.tidy(() => optimizer.step(w));');
    expect(asyncNotebook).toContain('await null;');
    const cache = new MemoryCache();
    await start(asyncNotebook, { cache });
    const nb = await start(asyncNotebook, { cache });
    expect(globalThis.__computed).toEqual([0.1]);
    expect((nb.result().cells.run as { step: number; loss: number }).step).toBe(3);
    expect((nb.result().cells.run as { loss: number }).loss).toBeCloseTo(0.9 ** 3, 6);
  });

  it('never caches a run that was cancelled part-way', async () => {
    globalThis.__computed = [];
    const slow = NOTEBOOK.replace('step <= 3', 'step <= 20').replace('const next = tf.tidy(() => optimizer.step(w));', 'await new Promise((r) => setTimeout(r, 5));\n      const next = tf.tidy(() => optimizer.step(w));');
    const nb = await run(compile(slow), { backend: 'cpu', cache: new MemoryCache() });
    open.push(nb);
    while (((nb.cell('run')?.value as { step?: number } | undefined)?.step ?? 0) < 2) await new Promise((r) => setTimeout(r, 2));
    nb.set('lr', 0.5);
    await nb.settled();
    nb.set('lr', 0.1);
    await nb.settled();
    expect(globalThis.__computed).toEqual([0.1, 0.5, 0.1]);
    expect((nb.result().cells.run as { step: number }).step).toBe(20);
    expect(nb.cell('run')!.cacheHits).toBe(0);
  });

  it('keys by the seed and the backend as well', async () => {
    globalThis.__computed = [];
    const cache = new MemoryCache();
    await start(NOTEBOOK, { cache });
    await start(NOTEBOOK, { cache });
    expect(globalThis.__computed).toEqual([0.1]);
    await start(NOTEBOOK.replace('seed: 1', 'seed: 2'), { cache });
    expect(globalThis.__computed).toEqual([0.1, 0.1]);
    await start(NOTEBOOK, { cache, backend: 'wasm' });
    expect(globalThis.__computed).toEqual([0.1, 0.1, 0.1]);
    await start(NOTEBOOK.replace('step <= 3', 'step <= 3 '), { cache, backend: 'cpu' });
    expect(globalThis.__computed).toEqual([0.1, 0.1, 0.1, 0.1]);
  });

  it('does not cache cells not marked cacheable', async () => {
    globalThis.__computed = [];
    const cache = new MemoryCache();
    const plain = NOTEBOOK.replace('```js cache', '```js');
    await start(plain, { cache });
    await start(plain, { cache });
    expect(globalThis.__computed).toEqual([0.1, 0.1]);
    expect(cache.size).toBe(0);
  });
});

describe('DiskCache', () => {
  it('writes entries atomically and serves them to a later process', async () => {
    globalThis.__computed = [];
    const dir = path.join(temp, 'atomic');
    await start(NOTEBOOK, { cache: new DiskCache(dir) });
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{28}\.json$/);
    await start(NOTEBOOK, { cache: new DiskCache(dir) });
    expect(globalThis.__computed).toEqual([0.1]);
  });

  for (const [what, damage] of [
    ['truncated', (text: string) => text.slice(0, Math.floor(text.length / 2))],
    ['corrupt', (text: string) => text.replace(/"data":\[[^\]]*\]/, '"data":[1]')],
    ['empty', () => ''],
  ] as const) {
    it(`recomputes a ${what} entry instead of crashing, and repairs it`, async () => {
      globalThis.__computed = [];
      const dir = path.join(temp, what);
      await start(NOTEBOOK, { cache: new DiskCache(dir) });
      const file = path.join(dir, readdirSync(dir)[0]);
      const good = readFileSync(file, 'utf8');
      writeFileSync(file, damage(good));
      const nb = await start(NOTEBOOK, { cache: new DiskCache(dir) });
      expect(nb.result().errors).toEqual({});
      expect((nb.result().cells.run as { loss: number }).loss).toBeCloseTo(0.9 ** 3, 6);
      expect(globalThis.__computed).toEqual([0.1, 0.1]);
      expect(readFileSync(file, 'utf8')).toBe(good);
    });
  }

  it('recomputes an entry that parses but does not verify: edited by hand, a garbage value, copied under another key', async () => {
    const dir = path.join(temp, 'verify');
    const invalid: string[] = [];
    const cache = () => new DiskCache(dir, { onInvalid: (file, reason) => invalid.push(`${path.basename(file)}: ${reason}`) });
    globalThis.__computed = [];
    await start(NOTEBOOK, { cache: cache() });
    const file = path.join(dir, readdirSync(dir)[0]!);
    const good = readFileSync(file, 'utf8');
    const loss = (nb: NotebookRun) => (nb.result().cells.run as { loss: number }).loss;
    // Another loss, as a user editing the file would write it: served as the result before.
    writeFileSync(file, good.replace(/"loss":[-0-9.e]+/, '"loss":0.9999'));
    expect(loss(await start(NOTEBOOK, { cache: cache() }))).toBeCloseTo(0.9 ** 3, 6);
    expect(readFileSync(file, 'utf8')).toBe(good);
    // A well-formed value that is not the run's.
    writeFileSync(file, serialise('garbage')!);
    expect(loss(await start(NOTEBOOK, { cache: cache() }))).toBeCloseTo(0.9 ** 3, 6);
    // A good entry of another key (lr 0.2) copied under this one.
    const other = NOTEBOOK.replace('value: 0.1', 'value: 0.2');
    await start(other, { cache: cache() });
    const otherFile = readdirSync(dir).map((f) => path.join(dir, f)).find((f) => f !== file)!;
    writeFileSync(file, readFileSync(otherFile, 'utf8'));
    expect(loss(await start(NOTEBOOK, { cache: cache() }))).toBeCloseTo(0.9 ** 3, 6);
    expect(globalThis.__computed).toEqual([0.1, 0.1, 0.1, 0.2, 0.1]);
    const name = path.basename(file);
    expect(invalid).toEqual([
      `${name}: its checksum does not match its value (edited or damaged)`,
      `${name}: it is not a cache entry of this Gradbook version (empty, damaged or older)`,
      `${name}: it was written under another key (${path.basename(otherFile, '.json')})`,
    ]);
  });

  it('rejects keys that are not hex', async () => {
    await expect(new DiskCache(temp).set('../x', '1')).rejects.toThrow(/8–64 hex digits/);
  });
});
