/** A small seeded generator (mulberry32) for the JavaScript-side randomness of estimators. */
export function rng(seed: number): () => number {
  let a = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A vector of independent ±1 entries. */
export function rademacher(n: number, next: () => number): Float64Array {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = next() < 0.5 ? -1 : 1;
  return v;
}

/** A vector of independent standard normal entries (Box–Muller). */
export function gaussian(n: number, next: () => number): Float64Array {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = 1 - next();
    const r = Math.sqrt(-2 * Math.log(u));
    const th = 2 * Math.PI * next();
    v[i] = r * Math.cos(th);
    if (i + 1 < n) v[i + 1] = r * Math.sin(th);
  }
  return v;
}

/** A random permutation of 0..n−1 (Fisher–Yates). */
export function permutation(n: number, next: () => number): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}
