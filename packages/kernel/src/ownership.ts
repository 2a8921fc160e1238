import { tf, type Tensor } from '@gradbook/core';

const MAX_NODES = 100_000;

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype) return true;
  // Module namespace objects also have a null prototype: never walk them (e.g. `tf`).
  return proto === null && Object.prototype.toString.call(value) !== '[object Module]';
}

/**
 * The tensors reachable from a value, walking plain objects, arrays, Maps and Sets (not class
 * instances, functions or module namespaces), at most 100,000 nodes.
 *
 * @param value - any cell value, e.g. a training event `{ step, loss, params }`.
 * @returns the distinct tensors found.
 * @example
 * const t = tf.scalar(1);
 * tensorsIn({ a: [t, { b: t }] }).size; // 1
 */
export function tensorsIn(value: unknown): Set<Tensor> {
  const found = new Set<Tensor>();
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  let budget = MAX_NODES;
  while (stack.length > 0 && budget-- > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (v instanceof tf.Tensor) {
      found.add(v);
      continue;
    }
    if (seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const x of v) if (x !== null && typeof x === 'object') stack.push(x);
    } else if (v instanceof Map) {
      for (const x of v.values()) stack.push(x);
    } else if (v instanceof Set) {
      for (const x of v) stack.push(x);
    } else if (isPlain(v)) {
      for (const key of Object.keys(v)) {
        const x = (v as Record<string, unknown>)[key];
        if (x !== null && typeof x === 'object') stack.push(x);
      }
    }
  }
  return found;
}

/** The tensors one value holds, handed back with {@link TensorOwnership.release}. */
export type Lease = ReadonlySet<Tensor>;

/**
 * Reference counts of the tensors that cells' values hold. A cell holds its value's tensors while
 * the value is current; when it is invalidated or superseded it releases them, and a tensor is
 * disposed once no current value holds it.
 */
export class TensorOwnership {
  #counts = new Map<Tensor, number>();

  /**
   * Records that a value is current.
   *
   * @param value - the value; its tensors are found with {@link tensorsIn}.
   * @returns the lease to release when the value stops being current.
   */
  hold(value: unknown): Lease {
    const tensors = tensorsIn(value);
    for (const t of tensors) this.#counts.set(t, (this.#counts.get(t) ?? 0) + 1);
    return tensors;
  }

  /**
   * Releases a lease: each of its tensors that no other current value holds is disposed.
   *
   * @param lease - from {@link TensorOwnership.hold}; null or undefined does nothing.
   * @returns the number of tensors disposed.
   */
  release(lease: Lease | null | undefined): number {
    if (!lease) return 0;
    let disposed = 0;
    for (const t of lease) {
      const n = (this.#counts.get(t) ?? 1) - 1;
      if (n > 0) {
        this.#counts.set(t, n);
        continue;
      }
      this.#counts.delete(t);
      if (!t.isDisposed) {
        t.dispose();
        disposed++;
      }
    }
    return disposed;
  }

  /** How many distinct tensors are held. */
  get size(): number {
    return this.#counts.size;
  }
}
