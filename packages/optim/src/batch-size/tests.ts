import { checkValue } from '../internal/hyper.js';
import type { BatchStatistics } from './batch-statistics.js';

/** The outcome of a batch-size test. */
export interface BatchSizeDecision {
  /** Whether the current batch size passed (its gradient is accurate enough). */
  readonly pass: boolean;
  /** The smallest batch size that would pass, estimated from this batch (≥ 1). */
  readonly nextBatchSize: number;
}

const need = (x: number) => (Number.isFinite(x) ? Math.max(1, Math.ceil(x)) : Number.MAX_SAFE_INTEGER);

/**
 * The norm test: the batch of size b is large enough when `Var(g)/b ≤ η²‖ḡ‖²`, i.e. the
 * mini-batch gradient's error is small relative to its norm. The batch that would pass is
 * `⌈Var(g)/(η²‖ḡ‖²)⌉`.
 *
 * @param stats - from {@link batchStatistics}.
 * @param options.eta - η > 0, the allowed relative error (default `0.1`; larger grows the batch less).
 * @returns `{ pass, nextBatchSize }`.
 * @example
 * normTest(batchStatistics(perExample), { eta: 0.2 });
 * @see Byrd, Chin, Nocedal & Wu (2012), Sample size selection in optimization methods for machine learning; Lau, Liu & Kolar (2024), AdAdaGrad.
 */
export function normTest(stats: BatchStatistics, { eta = 0.1 }: { eta?: number } = {}): BatchSizeDecision {
  checkValue('normTest', 'eta', eta, 'positive');
  const next = need(stats.variance / (eta * eta * stats.meanNormSq));
  return { pass: stats.variance / stats.batchSize <= eta * eta * stats.meanNormSq, nextBatchSize: next };
}

/**
 * The augmented inner-product test: passes when both the inner-product test
 * `Var(⟨gᵢ, ḡ⟩)/b ≤ θ²‖ḡ‖⁴` (the batch gradient is a descent direction with high probability) and
 * the orthogonality test `Var(gᵢ − proj_ḡ gᵢ)/b ≤ ν²‖ḡ‖²` hold. The batch that would pass is the
 * larger of the two requirements. Looser than the norm test, so batches grow later.
 *
 * @param stats - from {@link batchStatistics}.
 * @param options.theta - θ > 0 (default `0.9`). @param options.nu - ν > 0 (default `tan 80° ≈ 5.67`).
 * @returns `{ pass, nextBatchSize }`.
 * @example
 * augmentedInnerProductTest(batchStatistics(perExample));
 * @see Bollapragada, Byrd & Nocedal (2018), Adaptive Sampling Strategies for Stochastic Optimization; Lau, Liu & Kolar (2024), AdAdaGrad.
 */
export function augmentedInnerProductTest(stats: BatchStatistics, { theta = 0.9, nu = Math.tan((80 * Math.PI) / 180) }: { theta?: number; nu?: number } = {}): BatchSizeDecision {
  checkValue('augmentedInnerProductTest', 'theta', theta, 'positive');
  checkValue('augmentedInnerProductTest', 'nu', nu, 'positive');
  const g2 = stats.meanNormSq;
  const ip = stats.innerProductVariance / (theta * theta * g2 * g2);
  const orth = stats.orthogonalVariance / (nu * nu * g2);
  return { pass: ip <= stats.batchSize && orth <= stats.batchSize, nextBatchSize: need(Math.max(ip, orth)) };
}
