/**
 * `count` uniform numbers in [0, 1) from a 32-bit seed (the mulberry32 generator), computed in plain
 * JavaScript so every backend sees the same numbers.
 *
 * @param seed - a 32-bit integer seed, e.g. from {@link splitSeed}.
 * @param count - how many numbers.
 * @returns a `Float32Array` of length `count`.
 * @example
 * uniformArray(splitSeed(0, 0), 3); // three numbers in [0, 1)
 */
/** The largest float32 below 1. */
const BELOW_ONE = 1 - 2 ** -24;

export function uniformArray(seed: number, count: number): Float32Array {
  const out = new Float32Array(count);
  let a = seed >>> 0;
  for (let i = 0; i < count; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    // Draws within 2⁻²⁵ of 1 round to 1 in float32: keep them just below it.
    const v = Math.fround(((t ^ (t >>> 14)) >>> 0) / 4294967296);
    out[i] = v < 1 ? v : BELOW_ONE;
  }
  return out;
}
