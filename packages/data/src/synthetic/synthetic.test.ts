import { describe, expect, it } from 'vitest';
import { tf } from '@gradbook/core';
import type { Dataset } from '../dataset.js';
import { blobs } from './blobs.js';
import { circles } from './circles.js';
import { moons } from './moons.js';
import { regression1d } from './regression1d.js';
import { spirals } from './spirals.js';
import { xor } from './xor.js';

type Maker = (o: { n?: number; noise?: number; seed?: number }) => Dataset;
const sets: Record<string, Maker> = { spirals, moons, circles, xor, blobs, regression1d };

function points(ds: Dataset): { x: number; y: number; c: number }[] {
  const d = ds.store.data;
  return Array.from({ length: ds.size }, (_, i) => ({ x: d[2 * i], y: d[2 * i + 1], c: ds.labels[i] }));
}

describe.each(Object.entries(sets))('%s', (name, make) => {
  it('is reproducible from its seed, and another seed gives other data', () => {
    const a = make({ n: 120, noise: 0.1, seed: 3 });
    const b = make({ n: 120, noise: 0.1, seed: 3 });
    const c = make({ n: 120, noise: 0.1, seed: 4 });
    expect(b.store.data).toEqual(a.store.data);
    expect(b.labels).toEqual(a.labels);
    expect(b.table.objects()).toEqual(a.table.objects());
    expect(c.store.data).not.toEqual(a.store.data);
  });

  it('has the asked size, float32 features and a table mirroring them', () => {
    const ds = make({ n: 101, seed: 0 });
    expect(ds.size).toBe(101);
    expect(ds.store.data).toBeInstanceOf(Float32Array);
    const cols = ds.table.columnNames();
    const features = ds.store.names!;
    features.forEach((f, j) => {
      const col = ds.table.array(f) as ArrayLike<number>;
      for (let i = 0; i < ds.size; i++) expect(col[i]).toBe(ds.store.data[i * features.length + j]);
    });
    expect(cols).toContain('index');
    const before = tf.memory().numTensors;
    const { x, y } = ds.toTensors();
    expect(x.dtype).toBe('float32');
    expect(x.shape).toEqual([101, name === 'regression1d' ? 1 : 2]);
    expect(y.dtype).toBe(name === 'regression1d' ? 'float32' : 'int32');
    expect(y.shape).toEqual(name === 'regression1d' ? [101, 1] : [101]);
    tf.dispose([x, y]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a bad size, noise or seed', () => {
    expect(() => make({ n: 0 })).toThrow(new RegExp(`${name}\\(n\\): expected a whole number ≥ \\d, got 0`));
    expect(() => make({ noise: -1 })).toThrow(new RegExp(`${name}\\(noise\\)`));
    expect(() => make({ seed: 0.5 })).toThrow(new RegExp(`${name}\\(seed\\)`));
  });
});

describe('shapes of the clean sets (noise 0)', () => {
  it('circles: class 0 on the unit circle, class 1 on radius factor', () => {
    for (const p of points(circles({ n: 200, noise: 0, factor: 0.3 }))) {
      expect(Math.hypot(p.x, p.y)).toBeCloseTo(p.c === 0 ? 1 : 0.3, 5);
    }
  });

  it('moons: class 0 on (cos t, sin t), class 1 on (1 − cos t, 0.5 − sin t), t in [0, π]', () => {
    for (const p of points(moons({ n: 200, noise: 0 }))) {
      if (p.c === 0) {
        expect(Math.hypot(p.x, p.y)).toBeCloseTo(1, 5);
        expect(p.y).toBeGreaterThanOrEqual(0);
      } else {
        expect(Math.hypot(1 - p.x, 0.5 - p.y)).toBeCloseTo(1, 5);
        expect(p.y).toBeLessThanOrEqual(0.5 + 1e-6);
      }
    }
  });

  it('xor: class 0 in quadrants I and III, class 1 in II and IV, away from the axes', () => {
    const ps = points(xor({ n: 400, noise: 0, padding: 0.1 }));
    for (const p of ps) {
      expect(Math.sign(p.x * p.y)).toBe(p.c === 0 ? 1 : -1);
      expect(Math.min(Math.abs(p.x), Math.abs(p.y))).toBeGreaterThanOrEqual(0.1 - 1e-6);
      expect(Math.max(Math.abs(p.x), Math.abs(p.y))).toBeLessThanOrEqual(1);
    }
    // all four quadrants are used
    const quadrants = new Set(ps.map((p) => `${Math.sign(p.x)}${Math.sign(p.y)}`));
    expect(quadrants.size).toBe(4);
  });

  it('spirals: arm k at radius r has angle 2π·turns·r + 2πk/K', () => {
    const ds = spirals({ n: 300, noise: 0, classes: 3, turns: 1 });
    for (const p of points(ds)) {
      const r = Math.hypot(p.x, p.y);
      if (r < 1e-3) continue;
      const theta = Math.atan2(p.x, p.y); // x = r sin θ, y = r cos θ
      const expected = 2 * Math.PI * r + (2 * Math.PI * p.c) / 3;
      const diff = Math.atan2(Math.sin(theta - expected), Math.cos(theta - expected));
      expect(Math.abs(diff)).toBeLessThan(1e-4);
      expect(r).toBeLessThan(1);
    }
    expect([0, 1, 2].map((k) => ds.labels.filter((c) => c === k).length)).toEqual([100, 100, 100]);
  });

  it('blobs: points sit on their centres; with noise, centre means and spreads come back', () => {
    for (const p of points(blobs({ n: 30, noise: 0, centers: [[1, 2], [-3, 4]] }))) {
      expect([p.x, p.y]).toEqual(p.c === 0 ? [1, 2] : [-3, 4]);
    }
    const ps = points(blobs({ n: 6000, noise: 0.5, centers: 3, radius: 2, seed: 1 }));
    for (let k = 0; k < 3; k++) {
      const mine = ps.filter((p) => p.c === k);
      const mx = mine.reduce((a, p) => a + p.x, 0) / mine.length;
      const my = mine.reduce((a, p) => a + p.y, 0) / mine.length;
      expect(mx).toBeCloseTo(2 * Math.cos((2 * Math.PI * k) / 3), 1);
      expect(my).toBeCloseTo(2 * Math.sin((2 * Math.PI * k) / 3), 1);
      const sd = Math.sqrt(mine.reduce((a, p) => a + (p.x - mx) ** 2, 0) / mine.length);
      expect(sd).toBeCloseTo(0.5, 1);
    }
  });

  it('regression1d: y = fn(x) without noise; residuals have sd = noise', () => {
    const clean = regression1d({ n: 50, noise: 0, fn: (x) => x * x - 1, range: [0, 2] });
    clean.store.data.forEach((x, i) => {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(2);
      expect(clean.labels[i]).toBeCloseTo(x * x - 1, 5);
    });
    const noisy = regression1d({ n: 20_000, noise: 0.3, seed: 2 });
    let sq = 0;
    noisy.store.data.forEach((x, i) => (sq += (noisy.labels[i] - Math.sin(Math.PI * x)) ** 2));
    expect(Math.sqrt(sq / noisy.size)).toBeCloseTo(0.3, 2);
    expect(noisy.task).toBe('regression');
    expect(noisy.label).toBe('y');
  });

  it('noise has the asked standard deviation (circles radius spread)', () => {
    const ps = points(circles({ n: 20_000, noise: 0.02, seed: 5 }));
    const outer = ps.filter((p) => p.c === 0).map((p) => Math.hypot(p.x, p.y) - 1);
    const sd = Math.sqrt(outer.reduce((a, v) => a + v * v, 0) / outer.length);
    expect(sd).toBeCloseTo(0.02, 3);
  });
});
