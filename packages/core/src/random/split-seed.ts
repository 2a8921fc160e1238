import { GradbookError } from '../errors.js';

/** Mixes a 32-bit integer (the finaliser of MurmurHash3): nearby inputs give unrelated outputs. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Derives an independent 32-bit seed from a base seed and an index, so every consumer of randomness
 * (a layer's initialiser, a step's dropout mask) draws its own stream and the whole run is fixed by
 * one number.
 *
 * @param seed - the base seed, any finite number (fractions and negatives are folded into 32 bits).
 * @param index - which child seed, a non-negative integer.
 * @returns an unsigned 32-bit integer, the same for the same arguments on every machine.
 * @example
 * splitSeed(42, 0); // a seed for the first layer
 * splitSeed(42, 1); // an unrelated one for the second
 */
export function splitSeed(seed: number, index: number): number {
  if (!Number.isFinite(seed)) throw new GradbookError('splitSeed(seed)', `expected a finite number, got ${seed}`);
  if (!Number.isInteger(index) || index < 0) {
    throw new GradbookError('splitSeed(index)', `expected a non-negative integer, got ${index}`);
  }
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  const frac = Math.round((seed - Math.floor(seed)) * 4294967296) >>> 0;
  let h = mix32(lo ^ 0x9e3779b9);
  h = mix32(h ^ hi);
  h = mix32(h ^ frac);
  return mix32(h ^ mix32((index + 0x632be5ab) >>> 0));
}
