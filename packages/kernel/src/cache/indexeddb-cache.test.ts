import { describe, expect, it } from 'vitest';
import { compile } from '../compile.js';
import { run } from '../run.js';
import { fakeIndexedDb } from '../test-utils/fake-indexeddb.js';
import { IndexedDbCache } from './indexeddb-cache.js';

describe('IndexedDbCache', () => {
  it('stores and reads entries in one object store', async () => {
    const idb = fakeIndexedDb();
    const cache = new IndexedDbCache('test', idb);
    expect(await cache.get('abc')).toBeUndefined();
    await cache.set('abc', 'text');
    expect(await cache.get('abc')).toBe('text');
    expect(idb.databases.get('test')!.get('entries')!.get('abc')).toBe('text');
  });

  it('serves a notebook run as the cache', async () => {
    const cache = new IndexedDbCache('nb', fakeIndexedDb());
    const source = '```js cache\nx = (globalThis.__idbRuns = (globalThis.__idbRuns ?? 0) + 1, 41 + 1)\n```\n';
    for (let i = 0; i < 2; i++) {
      const nb = await run(compile(source), { backend: 'cpu', cache });
      await nb.settled();
      expect(nb.result().cells.x).toBe(42);
      nb.dispose();
    }
    expect((globalThis as { __idbRuns?: number }).__idbRuns).toBe(1);
  });

  it('is the default cache where IndexedDB exists', async () => {
    const idb = fakeIndexedDb();
    (globalThis as { indexedDB?: IDBFactory }).indexedDB = idb;
    try {
      const nb = await run(compile('```js cache\nx = 6 * 7\n```\n'), { backend: 'cpu' });
      await nb.settled();
      nb.dispose();
      expect([...idb.databases.get('gradbook-cache')!.get('entries')!.values()]).toHaveLength(1);
    } finally {
      delete (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    }
  });

  it('says what to use where there is no IndexedDB', () => {
    expect(() => new IndexedDbCache('x', undefined)).toThrow(/DiskCache from @gradbook\/kernel\/node/);
  });
});
