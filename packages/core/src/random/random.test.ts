import { describe, expect, it } from 'vitest';
import { splitSeed } from './split-seed.js';
import { uniformArray } from './uniform.js';
import { normalArray } from './normal.js';
import { permutationArray } from './permutation.js';

describe('splitSeed', () => {
  it('is a pure function of (seed, index) giving distinct 32-bit seeds', () => {
    expect(splitSeed(42, 3)).toBe(splitSeed(42, 3));
    const seen = new Set<number>();
    for (let s = 0; s < 20; s++) for (let i = 0; i < 20; i++) seen.add(splitSeed(s, i));
    expect(seen.size).toBe(400);
    for (const v of seen) expect(Number.isInteger(v) && v >= 0 && v < 2 ** 32).toBe(true);
    expect(splitSeed(0.5, 0)).not.toBe(splitSeed(0, 0));
    expect(() => splitSeed(NaN, 0)).toThrow(/finite/);
    expect(() => splitSeed(1, -1)).toThrow(/non-negative integer/);
  });
});

describe('uniformArray', () => {
  it('gives repeatable numbers in [0, 1) with the moments of a uniform distribution', () => {
    const a = uniformArray(splitSeed(1, 0), 20000);
    expect(Array.from(a.subarray(0, 5))).toEqual(Array.from(uniformArray(splitSeed(1, 0), 5)));
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThan(1);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const variance = a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length;
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 2);
  });

  it('never returns 1, even when a draw rounds up to 1 in float32', () => {
    // seed 2506871126's first raw draw is 4294967274 / 2³², which rounds to 1 in float32
    const [v] = uniformArray(2506871126, 1);
    expect(v).toBeLessThan(1);
    expect(v).toBe(Math.fround(1 - 2 ** -24));
  });
});

describe('normalArray', () => {
  it('gives repeatable draws with mean 0 and variance 1', () => {
    const a = normalArray(splitSeed(2, 0), 20001);
    expect(Array.from(normalArray(splitSeed(2, 0), 5))).toEqual(Array.from(a.subarray(0, 5)));
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const variance = a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(variance).toBeCloseTo(1, 1);
    expect(a.every(Number.isFinite)).toBe(true);
  });
});

describe('permutationArray', () => {
  it('holds each index once, repeatably, and differs between seeds', () => {
    const p = permutationArray(9, 1000);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(permutationArray(9, 1000))).toEqual(Array.from(p));
    expect(Array.from(permutationArray(10, 1000))).not.toEqual(Array.from(p));
  });
});
