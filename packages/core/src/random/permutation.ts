import { uniformArray } from './uniform.js';

/**
 * A random permutation of `0 … n−1` from a 32-bit seed (Fisher–Yates on {@link uniformArray}), the
 * same on every backend.
 *
 * @param seed - a 32-bit integer seed, e.g. from `splitSeed`.
 * @param n - the length.
 * @returns an `Int32Array` holding each of `0 … n−1` once.
 * @example
 * permutationArray(7, 4); // e.g. Int32Array [2, 0, 3, 1]
 */
export function permutationArray(seed: number, n: number): Int32Array {
  const u = uniformArray(seed, n);
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(u[i]! * (i + 1)));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}
