import { hashString } from './hash.js';

const MAX_JSON = 1_000_000;

/** Bumped when the key recipe changes, so old cache entries stop matching (internal). */
const KEY_VERSION = 'gradbook-key/1';

function plainJson(value: unknown): string | undefined {
  try {
    const text = JSON.stringify(value, (_key, v: unknown) => {
      if (v === null || typeof v !== 'object') {
        if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') throw new Error('not data');
        if (typeof v === 'number' && !Number.isFinite(v)) return `$number:${v}`;
        return v;
      }
      const proto = Object.getPrototypeOf(v);
      if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) throw new Error('not data');
      return v;
    });
    return text !== undefined && text.length <= MAX_JSON ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Content keys of cell values: a cell's key hashes its source, the seed, the backend and, for each
 * input, the input's value when it is data (a number, a string, plain JSON) or else the key of
 * the cell that made it. Moving a slider back to an earlier value thus gives the earlier key.
 */
export class ContentKeys {
  #keys = new WeakMap<object, string>();

  /** Records the key of an object a cell produced. */
  register(value: unknown, key: string): void {
    if ((value !== null && typeof value === 'object') || typeof value === 'function') this.#keys.set(value as object, key);
  }

  /**
   * The key of one input value.
   *
   * @param name - the input's name.
   * @param value - its value.
   * @param fromNotebook - whether a notebook cell defines it (else it is a builtin or global, keyed by name).
   * @returns the key text, or undefined when the value cannot be keyed (an object from outside any cell).
   */
  input(name: string, value: unknown, fromNotebook: boolean): string | undefined {
    if (!fromNotebook) return `g:${name}`;
    switch (typeof value) {
      case 'number':
        return `n:${Object.is(value, -0) ? '-0' : String(value)}`;
      case 'string':
        return `s:${JSON.stringify(value)}`;
      case 'boolean':
      case 'undefined':
      case 'bigint':
        return `${typeof value}:${String(value)}`;
      case 'symbol':
        return undefined;
      default: {
        if (value === null) return 'null';
        const key = this.#keys.get(value as object);
        if (key !== undefined) return `k:${key}`;
        const json = plainJson(value);
        return json === undefined ? undefined : `j:${json}`;
      }
    }
  }

  /**
   * The key of a computation.
   *
   * @param source - the cell's source (or a description of an override).
   * @param variable - the variable it defines.
   * @param seed - the notebook's seed.
   * @param backend - the TensorFlow.js backend.
   * @param inputs - the keys of its inputs, from {@link ContentKeys.input}.
   * @returns 28 hex digits, or undefined when an input has no key.
   */
  compute(source: string, variable: string, seed: number, backend: string, inputs: readonly (string | undefined)[]): string | undefined {
    if (inputs.some((k) => k === undefined)) return undefined;
    return hashString([KEY_VERSION, String(seed), backend, variable, source, ...inputs].join('\u0000'));
  }
}
