import { GradbookError, tf } from '@gradbook/core';
import type { Tensor } from '@gradbook/core';
import { checkInput, checkInteger, checkSameShape, targetsFor } from '../internal/checks.js';
import { permutation, rng } from '../internal/rng.js';
import { read, tidy } from '../internal/tidy.js';
import type { AttributionInput } from '../input/input-gradient.js';
import { baselineFor } from '../input/integrated-gradients.js';

/** Options of {@link faithfulnessCurves} and {@link faithfulness}. */
export interface FaithfulnessOptions extends AttributionInput {
  /** The attribution to evaluate, shaped like `x` (from any method). */
  attribution: Tensor;
  /** Points of each curve after the start (features change in `steps` equal chunks). Default 20. */
  steps?: number;
  /** What removed (deletion) or not-yet-inserted features are set to: like `x` or like one example. Default zeros. */
  baseline?: Tensor;
  /** The most rows evaluated in one forward pass. Default 256. */
  batchSize?: number;
}

/** Deletion and insertion curves for one feature order. */
export interface FaithfulnessCurves {
  /** Fractions of features changed, `0, 1/steps, …, 1`. */
  readonly fractions: number[];
  /** Per example: the target's softmax probability as the top features are deleted (replaced by the baseline). */
  readonly deletion: number[][];
  /** Per example: the probability as the top features are inserted into the baseline. */
  readonly insertion: number[][];
  /** Per example: trapezoid area under the deletion curve (lower is more faithful). */
  readonly deletionArea: number[];
  /** Per example: area under the insertion curve (higher is more faithful). */
  readonly insertionArea: number[];
}

/**
 * Deletion and insertion curves of an attribution: features (individual input entries) are ranked
 * by attribution, then removed from the input most important first (deletion) or added to the
 * baseline most important first (insertion), and the target's softmax probability is recorded.
 *
 * @param options - `model`, `params`, `x`, `target`, `attribution`; `steps` (20), `baseline`
 *   (zeros), `batchSize` (256); `order` gives the feature order instead of the attribution's
 *   ranking (one permutation of the feature indices per example).
 * @returns the curves and their areas.
 * @example
 * const a = integratedGradients({ model, params, x, target: 3 }).attributions;
 * faithfulnessCurves({ model, params, x, target: 3, attribution: a }).deletionArea; // e.g. [0.12, 0.08]
 * @see Petsiuk, Das, Saenko (2018), RISE: Randomized Input Sampling for Explanation of Black-box Models.
 */
export function faithfulnessCurves(options: FaithfulnessOptions & { order?: number[][] }): FaithfulnessCurves {
  const where = 'faithfulnessCurves';
  const { model, params, x, target, attribution, steps = 20, batchSize = 256 } = options;
  checkInput(where, model, x);
  const n = x.shape[0]!;
  const targets = targetsFor(where, model, target, n);
  checkSameShape(where, 'attribution', attribution, x, 'pass an attribution computed for this batch');
  checkInteger(where, 'steps', steps);
  checkInteger(where, 'batchSize', batchSize);
  const d = x.size / n;
  const order = options.order ?? rankings(attribution);
  if (order.length !== n || order.some((o) => o.length !== d)) {
    throw new GradbookError(`${where}(order)`, `expected ${n} permutations of ${d} feature indices`);
  }
  const fractions = Array.from({ length: steps + 1 }, (_, j) => j / steps);
  // masks[j][i] marks the first round(j/steps · d) features of example i's order.
  const rowsPerCurve = steps + 1;
  const mask = new Float32Array(rowsPerCurve * n * d);
  for (let i = 0; i < n; i++) {
    const rank = new Int32Array(d);
    order[i]!.forEach((f, r) => (rank[f] = r));
    for (let j = 0; j <= steps; j++) {
      const k = Math.round((j / steps) * d);
      const base = (j * n + i) * d;
      for (let f = 0; f < d; f++) if (rank[f]! < k) mask[base + f] = 1;
    }
  }
  const probs = (insert: boolean): number[][] => {
    const out = Array.from({ length: n }, () => new Array<number>(rowsPerCurve).fill(0));
    const m = Math.max(1, Math.floor(batchSize / n));
    for (let j0 = 0; j0 < rowsPerCurve; j0 += m) {
      const count = Math.min(m, rowsPerCurve - j0);
      const p = read(() => {
        const b = baselineFor(where, options.baseline, x);
        const mk = tf.tensor(mask.subarray(j0 * n * d, (j0 + count) * n * d), [count, ...x.shape]);
        const keep = insert ? tf.add(tf.mul(b, tf.sub(1, mk)), tf.mul(x, mk)) : tf.add(tf.mul(x, tf.sub(1, mk)), tf.mul(b, mk));
        const logits = model.apply(params, tf.reshape(keep, [count * n, ...x.shape.slice(1)]));
        const onehot = tf.oneHot(tf.tensor1d(Array.from({ length: count }, () => targets).flat(), 'int32'), logits.shape[1]!);
        return tf.sum(tf.mul(tf.softmax(logits), onehot), 1);
      });
      for (let r = 0; r < count * n; r++) out[r % n]![j0 + Math.floor(r / n)] = p[r]!;
    }
    return out;
  };
  const deletion = probs(false);
  const insertion = probs(true);
  const area = (c: number[]): number => c.reduce((s, v, j) => (j === 0 ? 0 : s + ((v + c[j - 1]!) / 2) * (1 / steps)), 0);
  return { fractions, deletion, insertion, deletionArea: deletion.map(area), insertionArea: insertion.map(area) };
}

/**
 * Deletion and insertion curves for the attribution's order and for random orders (the baseline
 * any useful attribution must beat): `runs` random permutations per example, curves averaged.
 *
 * @param options - as {@link faithfulnessCurves}, plus `runs` random orders (default 3) and `seed` (0).
 * @returns `{ attribution, random }` curves; compare `attribution.deletionArea` (lower is better)
 *   and `insertionArea` (higher is better) with `random`'s.
 * @example
 * const { attribution, random } = faithfulness({ model, params, x, target: 3, attribution: a });
 */
export function faithfulness(options: FaithfulnessOptions & { runs?: number; seed?: number }): { attribution: FaithfulnessCurves; random: FaithfulnessCurves } {
  const { runs = 3, seed = 0 } = options;
  checkInteger('faithfulness', 'runs', runs);
  const attribution = faithfulnessCurves(options);
  const n = options.x.shape[0]!;
  const d = options.x.size / n;
  const next = rng(seed);
  const all: FaithfulnessCurves[] = [];
  for (let r = 0; r < runs; r++) all.push(faithfulnessCurves({ ...options, order: Array.from({ length: n }, () => permutation(d, next)) }));
  const avg = (pick: (c: FaithfulnessCurves) => number[][]): number[][] =>
    pick(all[0]!).map((row, i) => row.map((_, j) => all.reduce((s, c) => s + pick(c)[i]![j]!, 0) / runs));
  const avg1 = (pick: (c: FaithfulnessCurves) => number[]): number[] => pick(all[0]!).map((_, i) => all.reduce((s, c) => s + pick(c)[i]!, 0) / runs);
  return {
    attribution,
    random: {
      fractions: attribution.fractions,
      deletion: avg((c) => c.deletion),
      insertion: avg((c) => c.insertion),
      deletionArea: avg1((c) => c.deletionArea),
      insertionArea: avg1((c) => c.insertionArea),
    },
  };
}

/** For each example, its feature indices sorted by attribution, largest first (ties by index). */
function rankings(attribution: Tensor): number[][] {
  const n = attribution.shape[0]!;
  const d = attribution.size / n;
  const a = attribution.dataSync();
  return Array.from({ length: n }, (_, i) => {
    const idx = Array.from({ length: d }, (_, f) => f);
    return idx.sort((p, q) => a[i * d + q]! - a[i * d + p]! || p - q);
  });
}
