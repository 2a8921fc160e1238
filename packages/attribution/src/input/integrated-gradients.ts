import { tidy } from '../internal/tidy.js';
import { ShapeError, formatShape, tf } from '@gradbook/core';
import type { Tensor } from '@gradbook/core';
import { checkInput, checkInteger, targetsFor } from '../internal/checks.js';
import { repeatTargets, targetGradient } from '../internal/target-gradient.js';
import type { AttributionInput } from './input-gradient.js';
import { quadratureRule, type QuadratureRule } from './quadrature.js';

/** Options of {@link integratedGradients}. */
export interface IntegratedGradientsOptions extends AttributionInput {
  /**
   * The reference input x′: shaped like `x`, or like one example (then shared by all). Default
   * zeros.
   */
  baseline?: Tensor;
  /** Points on the straight path from x′ to x. Default 50. */
  steps?: number;
  /** The quadrature rule (see {@link quadratureRule}). Default `'trapezoid'`. */
  rule?: QuadratureRule;
  /**
   * The most rows (path points × examples) evaluated in one forward/backward pass: bounds memory.
   * Default 256.
   */
  batchSize?: number;
}

/** What {@link integratedGradients} returns (yours to dispose). */
export interface IntegratedGradients {
  /** Attributions shaped like `x`. */
  readonly attributions: Tensor;
  /**
   * Completeness check per example, shaped `[batch]`: `Σ attributions − (f(x) − f(x′))` for the
   * target output. It shrinks as `steps` grows.
   */
  readonly convergenceDelta: Tensor;
}

/**
 * Integrated Gradients: `(x − x′) · ∫₀¹ ∇f(x′ + α(x − x′)) dα` for the target output, with the
 * integral taken by a quadrature rule. Path points are evaluated in batches of at most `batchSize`
 * rows, so 50 steps cost a handful of passes rather than 50.
 *
 * @param options - `model`, `params`, `x`, `target` (see {@link AttributionInput}); `baseline`
 *   (zeros), `steps` (50), `rule` ('trapezoid'), `batchSize` (256).
 * @returns `{ attributions, convergenceDelta }`.
 * @example
 * const { attributions, convergenceDelta } = integratedGradients({ model, params, x, target: 7, steps: 64 });
 * convergenceDelta.print(); // close to 0: attributions sum to f(x) − f(x′)
 * @see Sundararajan, Taly, Yan (2017), Axiomatic Attribution for Deep Networks.
 */
export function integratedGradients(options: IntegratedGradientsOptions): IntegratedGradients {
  const where = 'integratedGradients';
  const { model, params, x, target, steps = 50, rule = 'trapezoid', batchSize = 256 } = options;
  checkInput(where, model, x);
  const n = x.shape[0]!;
  const targets = targetsFor(where, model, target, n);
  checkInteger(where, 'steps', steps, rule === 'trapezoid' ? 2 : 1);
  checkInteger(where, 'batchSize', batchSize);
  const { alphas, weights } = quadratureRule(rule, steps);
  const fn = (xi: Tensor): Tensor => model.apply(params, xi);
  return tidy(() => {
    const baseline = baselineFor(where, options.baseline, x);
    const diff = tf.sub(x, baseline);
    const nb = Math.min(n, batchSize);
    const m = Math.max(1, Math.floor(batchSize / nb));
    const blocks: Tensor[] = [];
    for (let i0 = 0; i0 < n; i0 += nb) {
      const size = Math.min(nb, n - i0);
      const xb = tf.slice(x, i0, size);
      const bb = tf.slice(baseline, i0, size);
      const db = tf.slice(diff, i0, size);
      const tb = targets.slice(i0, i0 + size);
      let acc: Tensor = tf.zerosLike(xb);
      for (let k0 = 0; k0 < alphas.length; k0 += m) {
        const a = alphas.slice(k0, k0 + m);
        const w = weights.slice(k0, k0 + m);
        const next = tidy(() => {
          const bcast = [a.length, ...new Array<number>(xb.rank).fill(1)];
          const alpha = tf.tensor(a, bcast);
          const points = tf.reshape(tf.add(tf.expandDims(bb, 0), tf.mul(alpha, tf.expandDims(db, 0))), [a.length * size, ...xb.shape.slice(1)]);
          const { grad } = targetGradient(fn, points, repeatTargets(tb, a.length));
          const g = tf.reshape(grad, [a.length, ...xb.shape]);
          return tf.add(acc, tf.sum(tf.mul(g, tf.tensor(w, bcast)), 0));
        });
        acc.dispose();
        acc = next;
      }
      blocks.push(tf.mul(acc, db));
    }
    const attributions = blocks.length === 1 ? blocks[0]! : tf.concat(blocks, 0);
    const t = tf.tensor1d(targets, 'int32');
    const pick = (z: Tensor): Tensor => tf.sum(tf.mul(fn(z), tf.oneHot(t, model.outputShape[0]!)), 1);
    const total = tf.sum(tf.reshape(attributions, [n, -1]), 1);
    const convergenceDelta = tf.sub(total, tf.sub(pick(x), pick(baseline)));
    return { attributions, convergenceDelta };
  });
}

/** The baseline broadcast to `x`'s shape (zeros when absent); checks its shape. */
export function baselineFor(where: string, baseline: Tensor | undefined, x: Tensor): Tensor {
  if (baseline === undefined) return tf.zerosLike(x);
  const same = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);
  if (same(baseline.shape, x.shape)) return baseline;
  if (same(baseline.shape, x.shape.slice(1))) return tf.broadcastTo(tf.expandDims(baseline, 0), x.shape);
  throw new ShapeError(
    `${where}(baseline)`,
    `baseline shape ${formatShape(baseline.shape)} does not match input ${formatShape(x.shape)}; pass a baseline shaped like the input (or like one example, ${formatShape(x.shape.slice(1))}) or omit it for zeros`,
    x.shape,
    baseline.shape,
  );
}
