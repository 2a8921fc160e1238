import { classifyValue } from './classify-value.js';

/** Tensors up to this many elements are summarised with their data (internal). */
const MAX_TENSOR_DATA = 10_000;

function num(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}

function walk(value: unknown, depth: number, seen: Set<object>): unknown {
  switch (typeof value) {
    case 'number':
      return num(value);
    case 'string':
    case 'boolean':
      return value;
    case 'undefined':
      return null;
    case 'bigint':
      return value.toString();
    case 'symbol':
      return value.toString();
    case 'function':
      return `[function ${value.name || 'anonymous'}]`;
  }
  if (value === null) return null;
  const v = value as object;
  const c = classifyValue(v);
  if (c.kind === 'tensor') {
    const t = c.value;
    if (t.isDisposed) return { shape: t.shape, dtype: t.dtype, disposed: true };
    const data = t.dataSync() as ArrayLike<number>;
    if (data.length <= MAX_TENSOR_DATA) return { shape: t.shape, dtype: t.dtype, data: Array.from(data, num) };
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (let i = 0; i < data.length; i++) {
      min = Math.min(min, data[i]);
      max = Math.max(max, data[i]);
      sum += data[i];
    }
    return { shape: t.shape, dtype: t.dtype, size: data.length, min: num(min), max: num(max), mean: num(sum / data.length), truncated: true };
  }
  if (seen.has(v)) return '[circular]';
  if (depth > 32) return '[too deep]';
  seen.add(v);
  try {
    if (c.kind === 'markup') return c.value.text;
    if (c.kind === 'table') return walk(c.value.objects(), depth + 1, seen);
    if (c.kind === 'element') return (c.value as Partial<Element>).outerHTML ?? c.value.textContent;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1, seen));
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, num);
    if (v instanceof Date) return v.toISOString();
    if (c.kind === 'error') return { error: c.value.message };
    if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), walk(x, depth + 1, seen)]));
    if (v instanceof Set) return [...v].map((x) => walk(x, depth + 1, seen));
    if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return walk((v as { toJSON(): unknown }).toJSON(), depth + 1, seen);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x, depth + 1, seen);
    return out;
  } finally {
    seen.delete(v);
  }
}

/**
 * A cell value as JSON-able data, for `gradbook run --json`: numbers (NaN and ±Infinity as
 * strings), strings, booleans, arrays, plain objects; tables as arrays of row objects; tensors as
 * `{ shape, dtype, data }` (above 10,000 elements: `{ shape, dtype, size, min, max, mean,
 * truncated: true }`); functions as `[function name]`; a training run's value is its last event.
 *
 * @param value - any cell value.
 * @returns data that `JSON.stringify` writes faithfully.
 * @example
 * summarise({ w: tf.tensor([1, 2]) }); // { w: { shape: [2], dtype: 'float32', data: [1, 2] } }
 */
export function summarise(value: unknown): unknown {
  return walk(value, 0, new Set());
}
