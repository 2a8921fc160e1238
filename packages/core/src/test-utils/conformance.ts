/** Test helpers: the conformance cases and float comparisons. Not part of the package. */
import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';

export { casesOfKind, loadCase } from '@gradbook/conformance-cases';

export function tensorTree(tree: unknown): any {
  if (Array.isArray(tree) || typeof tree === 'number') return tf.tensor(tree as number[]);
  return Object.fromEntries(Object.entries(tree as Record<string, unknown>).map(([k, v]) => [k, tensorTree(v)]));
}

export function flatNumbers(v: unknown): number[] {
  if (typeof v === 'number') return [v];
  if (v instanceof tf.Tensor) return Array.from((v as Tensor).dataSync());
  if (Array.isArray(v)) return v.flatMap(flatNumbers);
  return Object.keys(v as object)
    .sort()
    .flatMap((k) => flatNumbers((v as Record<string, unknown>)[k]));
}

/** Largest violation of |c − e| ≤ atol + rtol·|e| (≤ 0 means within tolerance), with the worst index. */
export function closeness(computed: unknown, expected: unknown, tol: { rtol: number; atol: number }): { worst: number; index: number; c: number; e: number } {
  const c = flatNumbers(computed);
  const e = flatNumbers(expected);
  if (c.length !== e.length) throw new Error(`length ${c.length} vs expected ${e.length}`);
  let worst = -Infinity;
  let index = -1;
  c.forEach((ci, i) => {
    const ei = e[i]!;
    const excess = Math.abs(ci - ei) - (tol.atol + tol.rtol * Math.abs(ei));
    if (!(excess <= worst) || Number.isNaN(ci)) {
      worst = Number.isNaN(ci) ? Infinity : excess;
      index = i;
    }
  });
  return { worst, index, c: c[index]!, e: e[index]! };
}
