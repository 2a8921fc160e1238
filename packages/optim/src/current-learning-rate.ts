import { GradbookError, tf } from '@gradbook/core';

/**
 * Reads the learning rate the next update will use from an optimizer's state: the value held by
 * the (first) {@link scaleByLearningRate} inside it, however deeply chained or masked.
 *
 * @param state - the state from an optimizer's `init` or `update`.
 * @returns the learning rate as a number.
 * @example
 * const opt = adam({ learningRate: warmupCosineDecaySchedule({ peak: 1e-3, warmupSteps: 100, decaySteps: 1000 }) });
 * let state = opt.init(params);
 * currentLearningRate(state); // 0 (the schedule at step 0)
 */
export function currentLearningRate(state: unknown): number {
  const seen = new Set<unknown>();
  const find = (node: unknown): number | undefined => {
    if (node === null || typeof node !== 'object' || node instanceof tf.Tensor || seen.has(node)) return undefined;
    seen.add(node);
    const rec = node as Record<string, unknown>;
    if (!Array.isArray(node) && typeof rec.learningRate === 'number' && typeof rec.count === 'number') return rec.learningRate;
    for (const v of Object.values(rec)) {
      const r = find(v);
      if (r !== undefined) return r;
    }
    return undefined;
  };
  const lr = find(state);
  if (lr === undefined) {
    throw new GradbookError('currentLearningRate(state)', 'this state holds no learning rate; pass the state of an optimizer that ends in scaleByLearningRate (every alias does)');
  }
  return lr;
}
