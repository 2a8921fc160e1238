import { GradbookError, tf, tree } from '@gradbook/core';
import type { TensorTree } from '@gradbook/core';
import { checkTree } from '../internal/check-tree.js';
import { checkValue } from '../internal/hyper.js';

/** Options of {@link minNormWeights} and {@link mgda}. */
export interface MinNormOptions {
  /** Frank–Wolfe iterations for three or more objectives (default `1000`). */
  maxIterations?: number;
  /** Stop when the Frank–Wolfe duality gap is below this (default `1e-12`). */
  tolerance?: number;
}

/** The min-norm point of the segment [a, b] in terms of inner products: the γ minimising ‖γa + (1−γ)b‖². */
export function segmentMinimiser(aa: number, ab: number, bb: number): number {
  const den = aa - 2 * ab + bb;
  if (!(den > 0)) return 0.5; // a = b: every point is the same
  return Math.min(1, Math.max(0, (bb - ab) / den));
}

/**
 * Frank–Wolfe on the simplex for min ‖Σ αᵢgᵢ‖² = αᵀGα given the Gram matrix G, in its pairwise
 * variant (Lacoste-Julien & Jaggi 2015): each step moves weight from the worst vertex in the support
 * to the best one, with an exact line search, which converges linearly where plain Frank–Wolfe
 * (Sener & Koltun 2018, Alg. 2) zigzags. Stops when the duality gap `αᵀGα − minᵢ(Gα)ᵢ` is below
 * `tolerance`.
 */
export function frankWolfe(gram: number[][], maxIterations: number, tolerance: number): number[] {
  const k = gram.length;
  const alpha = new Array<number>(k).fill(1 / k);
  for (let it = 0; it < maxIterations; it++) {
    const ga = gram.map((row) => row.reduce((acc, g, j) => acc + g * alpha[j]!, 0));
    let s = 0;
    let v = -1;
    for (let i = 0; i < k; i++) {
      if (ga[i]! < ga[s]!) s = i;
      if (alpha[i]! > 0 && (v < 0 || ga[i]! > ga[v]!)) v = i;
    }
    const value = ga.reduce((acc, x, i) => acc + x * alpha[i]!, 0);
    if (value - ga[s]! <= tolerance || s === v) break;
    const curvature = gram[s]![s]! - 2 * gram[s]![v]! + gram[v]![v]!;
    const slope = ga[s]! - ga[v]!; // < 0
    const step = curvature > 0 ? Math.min(alpha[v]!, -slope / curvature) : alpha[v]!;
    alpha[s] = alpha[s]! + step;
    alpha[v] = alpha[v]! - step;
    if (alpha[v]! < 1e-300) alpha[v] = 0;
  }
  return alpha;
}

/**
 * The weights of the min-norm point of the convex hull of per-objective gradients:
 * `argmin_{α ∈ simplex} ‖Σ αᵢ gᵢ‖²`. Closed form for two objectives, Frank–Wolfe for more. The
 * inner products are computed on the device and read back once; the small problem is solved in
 * float64 JavaScript.
 *
 * @param grads - one gradient tree per objective, all of the same structure.
 * @param options.maxIterations - Frank–Wolfe iterations (default `1000`).
 * @param options.tolerance - stop when the duality gap is below this (default `1e-12`).
 * @returns the weights, non-negative and summing to 1.
 * @example
 * minNormWeights([g1, g2]); // e.g. [0.67, 0.33]
 * @see Désidéri (2012), Multiple-gradient descent algorithm (MGDA); Sener & Koltun (2018), Multi-Task Learning as Multi-Objective Optimization.
 */
export function minNormWeights(grads: readonly TensorTree[], { maxIterations = 1000, tolerance = 1e-12 }: MinNormOptions = {}): number[] {
  const where = 'minNormWeights';
  if (!Array.isArray(grads) || grads.length === 0) {
    throw new GradbookError(where, `grads must be a non-empty array of gradient trees, one per objective, received ${Array.isArray(grads) ? 'an empty array' : typeof grads}`);
  }
  checkValue(where, 'maxIterations', maxIterations, 'nonNegative');
  checkValue(where, 'tolerance', tolerance, 'nonNegative');
  grads.forEach((g, i) => i > 0 && checkTree(where, `grads[${i}]`, g, 'grads[0]', grads[0]!));
  const k = grads.length;
  if (k === 1) return [1];
  if (k === 2) {
    // γ = (g2 − g1)·g2 / ‖g1 − g2‖², from the difference for accuracy when g1 ≈ g2
    const pair = tf.tidy(() => {
      const d = tree.sub(grads[1]!, grads[0]!);
      return tf.stack([tree.dot(d, grads[1]!), tree.dot(d, d)]);
    });
    const [num, den] = Array.from(pair.dataSync()) as [number, number];
    pair.dispose();
    const gamma = den > 0 ? Math.min(1, Math.max(0, num / den)) : 0.5;
    return [gamma, 1 - gamma];
  }
  const flat = tf.tidy(() => {
    const parts = [];
    for (let i = 0; i < k; i++) for (let j = i; j < k; j++) parts.push(tree.dot(grads[i]!, grads[j]!));
    return tf.stack(parts);
  });
  const values = flat.dataSync();
  flat.dispose();
  const gram = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let n = 0;
  for (let i = 0; i < k; i++) for (let j = i; j < k; j++) gram[i]![j] = gram[j]![i] = values[n++]!;
  return frankWolfe(gram, maxIterations, tolerance);
}
