import { describe, expect, it } from 'vitest';
import { density, kernelDensity } from './density.js';

const data = (s: unknown) => (s as { data: { values: { x: number; density: number }[] } }).data.values;
const trapezoid = (pts: { x: number; density: number }[]) =>
  pts.slice(1).reduce((s, p, i) => s + ((p.density + pts[i].density) / 2) * (p.x - pts[i].x), 0);

describe('kernelDensity', () => {
  it('of one value is a Gaussian of the bandwidth centred on it', () => {
    const h = 0.5;
    const pts = kernelDensity([2], { bandwidth: h, extent: [1, 3], steps: 3 });
    expect(pts.map((p) => p.x)).toEqual([1, 2, 3]);
    expect(pts[1].density).toBeCloseTo(1 / (h * Math.sqrt(2 * Math.PI)), 12);
    expect(pts[0].density).toBeCloseTo(Math.exp(-2) / (h * Math.sqrt(2 * Math.PI)), 12); // z = 2
  });

  it('integrates to 1 over its default extent', () => {
    const values = Array.from({ length: 200 }, (_, i) => Math.cos(i * 1.7) * 3 + (i % 7));
    expect(trapezoid(kernelDensity(values))).toBeCloseTo(1, 2);
  });

  it("uses Silverman's bandwidth 0.9·min(σ, IQR/1.34)·n^(-1/5)", () => {
    // values 0..9: σ = 3.0277, IQR (linear quantiles) = 6.75 - 2.25 = 4.5 → 3.358; min = σ
    const values = Array.from({ length: 10 }, (_, i) => i);
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - 4.5) ** 2, 0) / 9);
    const h = 0.9 * sd * Math.pow(10, -0.2);
    const [p] = kernelDensity(values, { extent: [4.5, 4.5], steps: 1 });
    let expected = 0;
    for (const v of values) expected += Math.exp(-0.5 * ((4.5 - v) / h) ** 2);
    expect(p.density).toBeCloseTo(expected / (10 * h * Math.sqrt(2 * Math.PI)), 12);
  });
});

describe('density', () => {
  it('plots precomputed rows sorted by x, with custom columns', () => {
    const s = density([{ e: 2, p: 0.1 }, { e: -1, p: 0.3 }], { x: 'e', y: 'p' });
    expect(data(s)).toEqual([{ x: -1, density: 0.3 }, { x: 2, density: 0.1 }]);
  });

  it('drops non-positive densities on a log scale', () => {
    const s = density([{ x: 0, density: 0 }, { x: 1, density: 1e-8 }], { logY: true });
    expect(data(s)).toEqual([{ x: 1, density: 1e-8 }]);
    expect(() => density([{ x: 0, density: 0 }], { logY: true })).toThrow(/no point with a positive density/);
  });

  it('accepts a Float32Array of raw values', () => {
    expect(data(density(Float32Array.from([1, 2, 3]), { steps: 20 }))).toHaveLength(20);
  });

  it('explains bad input', () => {
    expect(() => density([1, Infinity])).toThrow(/^density: values\[1\] is Infinity/);
    expect(() => density([{ x: 1, density: 'a' }])).toThrow(/^density: row 0: \("x", "density"\) = \(1, "a"\), expected finite numbers/);
    expect(() => density([1, 2], { bandwidth: 0 })).toThrow(/bandwidth must be a positive number/);
    expect(() => density([])).toThrow(/density: rows has no rows|density: values is empty/);
  });
});
