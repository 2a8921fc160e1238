import { describe, expect, it } from 'vitest';
import { random, splitSeed } from '@gradbook/core';
import { deriveSeed, mulberry32, permutation, seededRandom } from './random.js';

describe('mulberry32', () => {
  it('reproduces the published first draw for seed 42', () => {
    // The value quoted with Ettinger's reference implementation.
    expect(mulberry32(42)()).toBe(0.6011037519201636);
  });

  it('draws the same numbers as core\'s independent float32 implementation', () => {
    for (const seed of [0, 1, 42, 2 ** 31 + 5]) {
      const u = mulberry32(seed);
      const theirs = random.uniformArray(seed, 1000);
      for (let i = 0; i < 1000; i++) expect(Math.fround(u())).toBe(theirs[i]);
    }
  });

  it('is uniform on [0, 1): mean 1/2, variance 1/12, flat histogram', () => {
    const u = mulberry32(123);
    const n = 100_000;
    const bins = new Array(10).fill(0);
    let sum = 0;
    let sq = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const v = u();
      if (!(v >= 0 && v < 1)) outside++;
      sum += v;
      sq += v * v;
      bins[Math.floor(v * 10)]++;
    }
    expect(outside).toBe(0);
    const mean = sum / n;
    expect(mean).toBeCloseTo(0.5, 2);
    expect(sq / n - mean * mean).toBeCloseTo(1 / 12, 2);
    // chi-square with 9 degrees of freedom: the 99.9% quantile is 27.9
    const chi2 = bins.reduce((a, b) => a + (b - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(27.9);
  });
});

describe('seededRandom', () => {
  it('draws standard normals (mean 0, sd 1, 68% within one sd)', () => {
    const rng = seededRandom(5);
    const n = 100_000;
    let sum = 0;
    let sq = 0;
    let within = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      sq += z * z;
      if (Math.abs(z) < 1) within++;
    }
    expect(sum / n).toBeCloseTo(0, 1);
    expect(Math.sqrt(sq / n)).toBeCloseTo(1, 1);
    expect(within / n).toBeCloseTo(0.6827, 2);
  });

  it('is a pure function of its seed', () => {
    const a = seededRandom(9);
    const b = seededRandom(9);
    const c = seededRandom(10);
    const da = Array.from({ length: 20 }, () => a.normal());
    expect(Array.from({ length: 20 }, () => b.normal())).toEqual(da);
    expect(Array.from({ length: 20 }, () => c.normal())).not.toEqual(da);
  });

  it('rejects a seed that is not a whole number', () => {
    expect(() => seededRandom(1.5)).toThrow(/seededRandom\(seed\): expected a whole number, got 1.5/);
  });
});

describe('permutation', () => {
  it('holds each index once and depends only on the seed', () => {
    const p = permutation(1000, 3);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(permutation(1000, 3)).toEqual(p);
    expect(permutation(1000, 4)).not.toEqual(p);
  });

  it('puts every index in every place equally often (small n, many seeds)', () => {
    const n = 4;
    const counts = Array.from({ length: n }, () => new Array(n).fill(0));
    const trials = 20_000;
    for (let s = 0; s < trials; s++) permutation(n, deriveSeed(7, s)).forEach((v, i) => counts[i][v]++);
    for (const row of counts) for (const c of row) expect(Math.abs(c / trials - 1 / n)).toBeLessThan(0.015);
  });
});

describe('deriveSeed', () => {
  it('gives different seeds for different keys and the same for equal ones', () => {
    const seen = new Set<number>();
    for (let e = 0; e < 1000; e++) seen.add(deriveSeed(0, 'epoch', e));
    expect(seen.size).toBe(1000);
    expect(deriveSeed(1, 'a')).toBe(deriveSeed(1, 'a'));
    expect(deriveSeed(1, 'a')).not.toBe(deriveSeed(1, 'b'));
    expect(deriveSeed(1, 'a')).not.toBe(deriveSeed(2, 'a'));
  });

  it('follows core\'s splitSeed for numeric keys', () => {
    expect(deriveSeed(5, 3)).toBe(splitSeed(5, 3));
    expect(deriveSeed(5, 3, 4)).toBe(splitSeed(splitSeed(5, 3), 4));
  });
});
