import { splitSeed } from './split-seed.js';
import { uniformArray } from './uniform.js';

/**
 * `count` standard normal numbers from a 32-bit seed (Box–Muller on {@link uniformArray}), computed
 * in plain JavaScript so every backend sees the same numbers.
 *
 * @param seed - a 32-bit integer seed, e.g. from {@link splitSeed}.
 * @param count - how many numbers.
 * @returns a `Float32Array` of length `count`, mean 0 and variance 1.
 * @example
 * normalArray(splitSeed(0, 0), 3); // three N(0, 1) draws
 */
export function normalArray(seed: number, count: number): Float32Array {
  const u = uniformArray(splitSeed(seed, 0), 2 * Math.ceil(count / 2));
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - u[i]!));
    const th = 2 * Math.PI * u[i + 1]!;
    out[i] = r * Math.cos(th);
    if (i + 1 < count) out[i + 1] = r * Math.sin(th);
  }
  return out;
}
