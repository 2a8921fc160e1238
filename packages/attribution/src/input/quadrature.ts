import { GradbookError } from '@gradbook/core';
import { checkInteger } from '../internal/checks.js';

/** The integration rules of {@link integratedGradients}. */
export type QuadratureRule = 'trapezoid' | 'left' | 'right' | 'middle' | 'gauss-legendre';

/**
 * Nodes `α_k` in [0, 1] and weights `w_k` (summing to 1) of a rule with `steps` points, for
 * `∫₀¹ g(α) dα ≈ Σ w_k g(α_k)`.
 *
 * - `trapezoid`: `α_k = k/(n−1)`, `w_k = 1/(n−1)` but half at both ends (n ≥ 2); exact for linear g.
 * - `left` / `right` / `middle` Riemann sums: `α_k = k/n`, `(k+1)/n`, `(k+½)/n`, `w_k = 1/n`.
 * - `gauss-legendre`: the n Gauss–Legendre nodes mapped to [0, 1]; exact for polynomials of degree 2n−1.
 *
 * @param rule - the rule (default `'trapezoid'`).
 * @param steps - the number of points n.
 * @returns `{ alphas, weights }`.
 * @example
 * quadratureRule('trapezoid', 3); // { alphas: [0, 0.5, 1], weights: [0.25, 0.5, 0.25] }
 */
export function quadratureRule(rule: QuadratureRule = 'trapezoid', steps: number): { alphas: number[]; weights: number[] } {
  checkInteger('quadratureRule', 'steps', steps, rule === 'trapezoid' ? 2 : 1);
  const n = steps;
  const idx = Array.from({ length: n }, (_, k) => k);
  switch (rule) {
    case 'trapezoid':
      return { alphas: idx.map((k) => k / (n - 1)), weights: idx.map((k) => (k === 0 || k === n - 1 ? 0.5 : 1) / (n - 1)) };
    case 'left':
      return { alphas: idx.map((k) => k / n), weights: idx.map(() => 1 / n) };
    case 'right':
      return { alphas: idx.map((k) => (k + 1) / n), weights: idx.map(() => 1 / n) };
    case 'middle':
      return { alphas: idx.map((k) => (k + 0.5) / n), weights: idx.map(() => 1 / n) };
    case 'gauss-legendre': {
      const { nodes, weights } = gaussLegendre(n);
      return { alphas: nodes.map((t) => (t + 1) / 2), weights: weights.map((w) => w / 2) };
    }
    default:
      throw new GradbookError('quadratureRule(rule)', `unknown rule "${String(rule)}"; use 'trapezoid', 'left', 'right', 'middle' or 'gauss-legendre'`);
  }
}

/** Gauss–Legendre nodes (ascending) and weights on [−1, 1], by Newton's method on Pₙ. */
function gaussLegendre(n: number): { nodes: number[]; weights: number[] } {
  const nodes = new Array<number>(n);
  const weights = new Array<number>(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      const pn = n === 1 ? x : p1;
      const pm = n === 1 ? 1 : p0;
      dp = (n * (x * pn - pm)) / (x * x - 1);
      const dx = pn / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-15) break;
    }
    {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      const pn = n === 1 ? x : p1;
      const pm = n === 1 ? 1 : p0;
      dp = (n * (x * pn - pm)) / (x * x - 1);
    }
    const w = 2 / ((1 - x * x) * dp * dp);
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  return { nodes, weights };
}
