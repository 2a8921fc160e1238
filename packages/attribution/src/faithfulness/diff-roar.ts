import { GradbookError, tf } from '@gradbook/core';
import type { Tensor } from '@gradbook/core';
import { checkRatio, checkSameShape } from '../internal/checks.js';
import { read, tidy } from '../internal/tidy.js';

/**
 * Keeps each example's top (or bottom) fraction of features by attribution and sets the rest to
 * `fill`: the masked datasets of ROAR-style evaluations.
 *
 * @param x - inputs `[n, ...]`.
 * @param attribution - attributions shaped like `x`.
 * @param fraction - the fraction of features kept per example, in (0, 1].
 * @param which - `'top'` (default) keeps the most attributed features, `'bottom'` the least.
 * @param fill - the value of removed features (default 0).
 * @returns the masked inputs (yours to dispose).
 * @example
 * const kept = keepFeatures(x, attributions, 0.1, 'top');
 */
export function keepFeatures(x: Tensor, attribution: Tensor, fraction: number, which: 'top' | 'bottom' = 'top', fill = 0): Tensor {
  checkSameShape('keepFeatures', 'attribution', attribution, x, 'pass one attribution per input entry');
  checkRatio('keepFeatures', 'fraction', fraction);
  if (which !== 'top' && which !== 'bottom') throw new GradbookError('keepFeatures(which)', `expected 'top' or 'bottom', got ${String(which)}`);
  const n = x.shape[0]!;
  const d = x.size / n;
  const k = Math.max(1, Math.round(fraction * d));
  const idx = read(() => tf.topk(tf.reshape(which === 'top' ? attribution : tf.neg(attribution), [n, d]), k).indices);
  const mask = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) mask[i * d + idx[i * k + j]!] = 1;
  return tidy(() => {
    const m = tf.tensor(mask, x.shape);
    return tf.add(tf.mul(x, m), tf.mul(fill, tf.sub(1, m)));
  });
}

/** What {@link diffRoar} returns, one entry per fraction. */
export interface DiffRoarResult {
  readonly fractions: number[];
  /** Accuracy after retraining on the top-k features only. */
  readonly top: number[];
  /** Accuracy after retraining on the bottom-k features only. */
  readonly bottom: number[];
  /** `top − bottom`: positive when the attribution finds the discriminative features. */
  readonly diff: number[];
}

/**
 * DiffROAR: for each fraction k, keep the top-k attributed features of every training (and test)
 * input, retrain, and compare the accuracy with keeping the bottom-k. You supply the retraining:
 * `retrain(masked)` receives a function that masks any batch the same way and returns the accuracy.
 *
 * @param options - `fractions` in (0, 1]; `retrain(mask)`, called twice per fraction with
 *   `mask(x, attribution)` that keeps the top or bottom features; its promise gives the accuracy.
 * @returns accuracies and their differences per fraction.
 * @example
 * await diffRoar({
 *   fractions: [0.1, 0.3],
 *   retrain: async (mask) => trainAndTest(mask(trainX, trainAttr), mask(testX, testAttr)),
 * });
 * @see Shah, Jain, Netrapalli (2021), Do Input Gradients Highlight Discriminative Features?
 * @see Hooker, Erhan, Kindermans, Kim (2019), A Benchmark for Interpretability Methods in Deep Neural Networks (ROAR).
 */
export async function diffRoar(options: {
  fractions: readonly number[];
  retrain: (mask: (x: Tensor, attribution: Tensor) => Tensor, which: 'top' | 'bottom', fraction: number) => Promise<number> | number;
}): Promise<DiffRoarResult> {
  const { fractions, retrain } = options;
  if (typeof retrain !== 'function') throw new GradbookError('diffRoar(retrain)', 'expected a function (mask, which, fraction) => accuracy that retrains on masked data');
  fractions.forEach((f) => checkRatio('diffRoar', 'fractions', f));
  const top: number[] = [];
  const bottom: number[] = [];
  for (const f of fractions) {
    top.push(await retrain((x, a) => keepFeatures(x, a, f, 'top'), 'top', f));
    bottom.push(await retrain((x, a) => keepFeatures(x, a, f, 'bottom'), 'bottom', f));
  }
  return { fractions: [...fractions], top, bottom, diff: top.map((t, i) => t - bottom[i]!) };
}
