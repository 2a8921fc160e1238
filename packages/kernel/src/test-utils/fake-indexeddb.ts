/**
 * A tiny in-memory stand-in for the parts of IndexedDB that IndexedDbCache uses (open with an
 * upgrade, one object store, get/put in transactions), with events fired asynchronously as a
 * browser does. For tests in Node only.
 */
export function fakeIndexedDb(): IDBFactory & { databases: Map<string, Map<string, Map<unknown, unknown>>> } {
  const databases = new Map<string, Map<string, Map<unknown, unknown>>>();
  const later = (f: () => void): void => void setTimeout(f, 0);
  function req<T>(compute: () => T): IDBRequest<T> {
    const r = { result: undefined as T, error: null, onsuccess: null as null | (() => void), onerror: null as null | (() => void) };
    later(() => {
      try {
        r.result = compute();
        r.onsuccess?.();
      } catch (e) {
        (r as { error: unknown }).error = e;
        r.onerror?.();
      }
    });
    return r as unknown as IDBRequest<T>;
  }
  function database(stores: Map<string, Map<unknown, unknown>>): IDBDatabase {
    return {
      objectStoreNames: { contains: (n: string) => stores.has(n) },
      createObjectStore: (n: string) => stores.set(n, new Map()),
      transaction(name: string) {
        const tx = { oncomplete: null as null | (() => void), onerror: null, onabort: null, error: null, objectStore: () => store };
        const store = {
          get: (k: unknown) => req(() => stores.get(name)!.get(k)),
          put: (v: unknown, k: unknown) => req(() => (stores.get(name)!.set(k, v), k)),
        };
        later(() => later(() => tx.oncomplete?.()));
        return tx;
      },
    } as unknown as IDBDatabase;
  }
  const factory = {
    databases,
    open(name: string) {
      const r = { result: undefined as unknown, error: null, onsuccess: null as null | (() => void), onerror: null, onupgradeneeded: null as null | (() => void) };
      later(() => {
        const fresh = !databases.has(name);
        if (fresh) databases.set(name, new Map());
        r.result = database(databases.get(name)!);
        if (fresh) r.onupgradeneeded?.();
        r.onsuccess?.();
      });
      return r;
    },
  };
  return factory as unknown as IDBFactory & { databases: typeof databases };
}
