import { tf, type Tensor } from '@gradbook/core';

const FORMAT = 'gradbook-cache/1';

/** Thrown inside serialisation when a value cannot be stored (internal). */
class Unserialisable extends Error {}

function encode(value: unknown, depth: number): unknown {
  if (depth > 64) throw new Unserialisable('too deep');
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $number: String(value) };
  if (value === undefined) return { $undefined: true };
  if (typeof value !== 'object') throw new Unserialisable(typeof value);
  if (value instanceof tf.Tensor) {
    if (value.isDisposed) throw new Unserialisable('disposed tensor');
    const data = Array.from(value.dataSync() as ArrayLike<number>, (x) => (Number.isFinite(x) ? x : String(x)));
    return { $tensor: { shape: value.shape, dtype: value.dtype, data } };
  }
  if (Array.isArray(value)) return value.map((x) => encode(x, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw new Unserialisable('class instance');
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k.startsWith('$') ? `$${k}` : k] = encode(v, depth + 1);
  return out;
}

/**
 * Serialises a cell value for the cache: JSON of plain objects, arrays, numbers (also NaN and
 * ±Infinity), strings, booleans, null, undefined and tensors (shape, dtype and data).
 *
 * @param value - the value, e.g. a training run's last event.
 * @returns the text, or undefined when the value holds something else (a function, a table, a class instance).
 * @example
 * serialise({ loss: 0.5, w: tf.tensor([1, 2]) }); // '{"format":"gradbook-cache/1","value":{…}}'
 */
export function serialise(value: unknown): string | undefined {
  try {
    return JSON.stringify({ format: FORMAT, value: encode(value, 0) });
  } catch (error) {
    if (error instanceof Unserialisable) return undefined;
    throw error;
  }
}

function decodeNumber(x: unknown): number {
  if (typeof x === 'number') return x;
  if (x === 'NaN' || x === 'Infinity' || x === '-Infinity') return Number(x);
  throw new Error('bad number');
}

function decode(value: unknown, made: Tensor[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((x) => decode(x, made));
  const v = value as Record<string, unknown>;
  if ('$number' in v) return decodeNumber(v.$number);
  if ('$undefined' in v) return undefined;
  if ('$tensor' in v) {
    const t = v.$tensor as { shape: unknown; dtype: unknown; data: unknown };
    if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isInteger(d) && d >= 0)) throw new Error('bad shape');
    if (!Array.isArray(t.data) || t.data.length !== (t.shape as number[]).reduce((a, b) => a * b, 1)) throw new Error('data does not match shape');
    if (t.dtype !== 'float32' && t.dtype !== 'int32' && t.dtype !== 'bool') throw new Error('bad dtype');
    const tensor = tf.tensor(t.data.map(decodeNumber), t.shape as number[], t.dtype);
    made.push(tensor);
    return tensor;
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k.startsWith('$$') ? k.slice(1) : k] = decode(x, made);
  return out;
}

/**
 * Reads back what {@link serialise} wrote. Anything malformed (truncated, corrupt, another
 * format) gives undefined, never an exception, and leaves no tensors behind.
 *
 * @param text - stored text.
 * @returns `{ value }`, or undefined when the text is not a valid entry.
 * @example
 * deserialise(serialise([1, 2])!)?.value; // [1, 2]
 */
export function deserialise(text: string): { value: unknown } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || (parsed as { format?: unknown }).format !== FORMAT || !('value' in parsed)) return undefined;
  const made: Tensor[] = [];
  try {
    return { value: decode((parsed as { value: unknown }).value, made) };
  } catch {
    for (const t of made) t.dispose();
    return undefined;
  }
}
