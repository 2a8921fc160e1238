import { GradbookError, splitSeed } from '@gradbook/core';

/**
 * Seeded randomness for `@gradbook/data`: small, fast and the same on every platform.
 *
 * - Uniform draws come from **mulberry32** (Tommy Ettinger, 2017), a 32-bit generator with a period
 *   of 2³² that passes gjrand and PractRand up to a few GB — more than enough for shuffling and toy
 *   data, and not meant for cryptography. It is the generator behind `@gradbook/core`'s
 *   `random.uniformArray`, kept here in double precision and drawn one number at a time.
 * - Seeds are derived with `@gradbook/core`'s `splitSeed` (a MurmurHash3-finaliser mix), so
 *   `deriveSeed(seed, 'epoch', 3)` follows the same seeding scheme as the rest of Gradbook and
 *   nearby inputs give unrelated streams.
 * - Normal draws use the Box–Muller transform (Box & Muller, 1958).
 *
 * Every function here is pure in its seed.
 */

/** A stream of uniform numbers in [0, 1). */
export type Uniform = () => number;

/** A seeded random number generator with the draws `@gradbook/data` needs. */
export interface Rng {
  /** A uniform number in [0, 1). */
  uniform(): number;
  /** A uniform number in [lo, hi). */
  range(lo: number, hi: number): number;
  /** A uniform whole number in [0, n). */
  int(n: number): number;
  /** A standard normal number (mean 0, standard deviation 1). */
  normal(): number;
}

/** Checks a seed and brings it into 32 bits (`seed >>> 0`). */
export function checkSeed(where: string, seed: unknown): number {
  if (typeof seed !== 'number' || !Number.isInteger(seed)) {
    throw new GradbookError(`${where}(seed)`, `expected a whole number, got ${String(seed)}; pass e.g. seed: 0`);
  }
  return seed >>> 0;
}

function hashString(s: string): number {
  // FNV-1a over UTF-16 code units.
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Derives a new seed from a seed and a path of keys (whole numbers ≥ 0 or strings), e.g. the seed
 * of epoch 3 of a loader: `deriveSeed(seed, 'epoch', 3)`, by applying core's `splitSeed` once per
 * key (strings are hashed with FNV-1a first). Equal inputs give equal seeds; changing any key gives
 * an unrelated one.
 *
 * @param seed - the parent seed (a whole number).
 * @param keys - what distinguishes this stream from its siblings.
 * @returns an unsigned 32-bit seed.
 * @example
 * deriveSeed(0, 'epoch', 1) === deriveSeed(0, 'epoch', 1) // true
 */
export function deriveSeed(seed: number, ...keys: (number | string)[]): number {
  let h = seed >>> 0;
  for (const k of keys) h = splitSeed(h, typeof k === 'string' ? hashString(k) : k >>> 0);
  return h;
}

/**
 * The mulberry32 generator: uniform numbers in [0, 1) from a 32-bit seed.
 *
 * @param seed - a whole number; only its low 32 bits matter.
 * @returns a function that returns the next number on every call.
 * @example
 * const u = mulberry32(42);
 * u(); // 0.6011037519201636
 * @see Tommy Ettinger, mulberry32 (2017), https://gist.github.com/tommyettinger/46a874533244883189143505d203312c
 */
export function mulberry32(seed: number): Uniform {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A seeded generator with uniform, integer and normal draws.
 *
 * @param seed - a whole number (default 0).
 * @returns an {@link Rng}.
 * @example
 * const rng = seededRandom(7);
 * rng.normal(); // a standard normal draw, the same for seed 7 on every machine
 */
export function seededRandom(seed = 0): Rng {
  const u = mulberry32(checkSeed('seededRandom', seed));
  let spare: number | undefined;
  return {
    uniform: u,
    range: (lo, hi) => lo + (hi - lo) * u(),
    int: (n) => Math.floor(u() * n),
    normal() {
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s;
      }
      let u1 = u();
      while (u1 === 0) u1 = u();
      const r = Math.sqrt(-2 * Math.log(u1));
      const theta = 2 * Math.PI * u();
      spare = r * Math.sin(theta);
      return r * Math.cos(theta);
    },
  };
}

/**
 * A seeded permutation of 0 … n−1 (Fisher–Yates, Durstenfeld 1964).
 *
 * @param n - how many indices.
 * @param seed - a whole number.
 * @returns an `Int32Array` holding each of 0 … n−1 once.
 * @example
 * permutation(5, 0); // e.g. Int32Array [3, 0, 4, 1, 2], the same every time
 */
export function permutation(n: number, seed: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  shuffleInPlace(p, mulberry32(seed));
  return p;
}

/** Shuffles an array in place with Fisher–Yates, drawing from `u`. */
export function shuffleInPlace<T extends { length: number; [i: number]: any }>(a: T, u: Uniform): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}
