/** Dense float64 vector helpers for the Krylov methods (Lanczos, power iteration). */
export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

/** `y += s·x` in place. */
export function axpyInPlace(y: Float64Array, s: number, x: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += s * x[i]!;
}

export function scaled(a: Float64Array, s: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! * s;
  return out;
}

/** Removes from `v` (in place) its components along each of the orthonormal vectors `basis`. */
export function orthogonalize(v: Float64Array, basis: readonly Float64Array[]): void {
  for (const q of basis) axpyInPlace(v, -dot(v, q), q);
}
