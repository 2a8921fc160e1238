import { GradbookError, tf } from '@gradbook/core';
import type { Model, Params } from '@gradbook/core';
import { read } from '../internal/tidy.js';
import { checkData, type LabelledData } from './fit.js';

/** The unlearning metrics, all in [0, 1]. */
export interface UnlearningMetrics {
  /** UA = 1 − accuracy on the forget set (higher: more forgotten). */
  readonly unlearningAccuracy: number;
  /** RA: accuracy on the retain set. */
  readonly remainingAccuracy: number;
  /** TA: accuracy on the test set. */
  readonly testAccuracy: number;
  /**
   * MIA-efficacy: the fraction of forget examples that a confidence-based membership-inference
   * attack (trained on retain = member vs test = non-member) calls non-members.
   */
  readonly miaEfficacy: number;
}

/** Per example: the softmax probability of its label and the prediction's entropy, and whether the argmax is right. */
function features(model: Model, params: Params, d: LabelledData): { conf: Float32Array; entropy: Float32Array; correct: Uint8Array } {
  const n = d.x.shape[0]!;
  const out = read(() => {
    const logits = model.apply(params, d.x);
    const p = tf.softmax(logits);
    const onehot = tf.oneHot(tf.cast(d.y, 'int32'), logits.shape[1]!);
    const conf = tf.sum(tf.mul(p, onehot), 1);
    const ent = tf.neg(tf.sum(tf.mul(p, tf.log(tf.add(p, 1e-12))), 1));
    const correct = tf.cast(tf.equal(tf.argMax(logits, 1), tf.cast(d.y, 'int32')), 'float32');
    return tf.concat([conf, ent, correct]);
  });
  return { conf: out.slice(0, n) as Float32Array, entropy: out.slice(n, 2 * n) as Float32Array, correct: Uint8Array.from(out.slice(2 * n), (v) => (v > 0.5 ? 1 : 0)) };
}

/**
 * Classification accuracy of a model on a labelled set.
 *
 * @param model - the model.
 * @param params - its parameters.
 * @param data - `{ x, y }` with integer labels.
 * @returns the fraction of examples whose argmax output equals the label.
 * @example
 * accuracyOn(model, params, test); // 0.93
 */
export function accuracyOn(model: Model, params: Params, data: LabelledData): number {
  checkData('accuracyOn', 'data', model, data);
  const { correct } = features(model, params, data);
  return correct.reduce((a, b) => a + b, 0) / Math.max(correct.length, 1);
}

/**
 * A confidence-based membership-inference attack: logistic regression on (confidence in the true
 * label, prediction entropy), fitted with balanced classes to tell `members` from `nonMembers`.
 *
 * @param options - `model`, `params`, `members` (e.g. the retain set), `nonMembers` (e.g. the test set).
 * @returns `predictMember(data)`: per example, true when the attack calls it a member.
 * @example
 * const attack = membershipAttack({ model, params, members: retain, nonMembers: test });
 * attack.predictMember(forget); // [true, false, …]
 * @see Shokri, Stronati, Song, Shmatikov (2017), Membership Inference Attacks against Machine Learning Models.
 * @see Yeom, Giacomelli, Fredrikson, Jha (2018), Privacy Risk in Machine Learning.
 */
export function membershipAttack(options: { model: Model; params: Params; members: LabelledData; nonMembers: LabelledData }): { predictMember(data: LabelledData): boolean[]; weights: number[] } {
  const { model, params } = options;
  const m = features(model, params, checkData('membershipAttack', 'members', model, options.members));
  const u = features(model, params, checkData('membershipAttack', 'nonMembers', model, options.nonMembers));
  const rows: number[][] = [];
  const labels: number[] = [];
  const wts: number[] = [];
  const add = (f: typeof m, label: number): void => {
    for (let i = 0; i < f.conf.length; i++) {
      rows.push([1, f.conf[i]!, f.entropy[i]!]);
      labels.push(label);
      wts.push(1 / f.conf.length);
    }
  };
  add(m, 1);
  add(u, 0);
  const w = logisticRegression(rows, labels, wts);
  return {
    weights: w,
    predictMember(data) {
      const f = features(model, params, checkData('membershipAttack.predictMember', 'data', model, data));
      return Array.from(f.conf, (c, i) => w[0]! + w[1]! * c + w[2]! * f.entropy[i]! > 0);
    },
  };
}

/** Weighted logistic regression by Newton's method (a small ridge keeps separable data finite). */
function logisticRegression(rows: number[][], labels: number[], weights: number[]): number[] {
  const d = rows[0]!.length;
  let w = new Array<number>(d).fill(0);
  for (let it = 0; it < 50; it++) {
    const g = new Array<number>(d).fill(0);
    const h = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1e-4 : 0)));
    rows.forEach((r, k) => {
      const z = r.reduce((s, v, i) => s + v * w[i]!, 0);
      const p = 1 / (1 + Math.exp(-z));
      const c = weights[k]!;
      for (let i = 0; i < d; i++) {
        g[i] += c * (p - labels[k]!) * r[i]!;
        for (let j = 0; j < d; j++) h[i]![j] += c * p * (1 - p) * r[i]! * r[j]!;
      }
    });
    for (let i = 0; i < d; i++) g[i] += 1e-4 * w[i]!;
    const step = solve(h, g);
    w = w.map((v, i) => v - step[i]!);
    if (Math.max(...step.map(Math.abs)) < 1e-10) break;
  }
  return w;
}

/** Solves a small dense system by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((r, i) => [...r, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k] -= f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= m[r]![k]! * x[k]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

/**
 * The standard unlearning metrics of a model after unlearning: UA, RA, TA and MIA-efficacy.
 *
 * @param options - `model`, `params` (after unlearning), and the `forget`, `retain` and `test` sets.
 * @returns {@link UnlearningMetrics}.
 * @example
 * const m = unlearningMetrics({ model, params: unlearned, forget, retain, test });
 * averageGap(m, unlearningMetrics({ model, params: retrained, forget, retain, test }));
 * @see Jia et al. (2023), Model Sparsity Can Simplify Machine Unlearning (the metric set).
 */
export function unlearningMetrics(options: { model: Model; params: Params; forget: LabelledData; retain: LabelledData; test: LabelledData }): UnlearningMetrics {
  const { model, params, forget, retain, test } = options;
  const attack = membershipAttack({ model, params, members: retain, nonMembers: test });
  const called = attack.predictMember(forget);
  return {
    unlearningAccuracy: 1 - accuracyOn(model, params, forget),
    remainingAccuracy: accuracyOn(model, params, retain),
    testAccuracy: accuracyOn(model, params, test),
    miaEfficacy: called.filter((v) => !v).length / Math.max(called.length, 1),
  };
}

/**
 * The average gap to retraining: the mean absolute difference of UA, RA, TA and MIA-efficacy
 * between an unlearning method and the retrained-from-scratch reference (lower is better).
 *
 * @param metrics - the method's metrics.
 * @param reference - the retrained model's metrics.
 * @returns the average gap, in [0, 1].
 * @example
 * averageGap(salunMetrics, retrainMetrics); // 0.04
 * @see Fan et al. (2024), SalUn.
 */
export function averageGap(metrics: UnlearningMetrics, reference: UnlearningMetrics): number {
  const keys = ['unlearningAccuracy', 'remainingAccuracy', 'testAccuracy', 'miaEfficacy'] as const;
  for (const k of keys) {
    if (typeof metrics[k] !== 'number' || typeof reference[k] !== 'number') throw new GradbookError('averageGap', `both arguments need a numeric ${k}; pass unlearningMetrics(...) results`);
  }
  return keys.reduce((s, k) => s + Math.abs(metrics[k] - reference[k]), 0) / keys.length;
}
