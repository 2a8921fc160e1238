import { describe, expect, it } from 'vitest';
import { crossEntropy, dense, sequential, tf, tree } from '@gradbook/core';
import type { Tensor } from '@gradbook/core';
import { adam, sgd } from '@gradbook/optim';
import { accuracyOn, averageGap, fineTune, gradientAscent, retrainFromScratch, salun, selectiveSynapticDampening, unlearningMetrics } from '../index.js';
import { blobs } from '../test-utils/spec-model.js';

const centres = [[-2, 0], [2, 0], [0, 2.5]];
const split = (d: { x: Tensor; y: Tensor }, keep: (label: number) => boolean) => {
  const idx = Array.from(d.y.dataSync()).flatMap((l, i) => (keep(l) ? [i] : []));
  return { x: tf.gather(d.x, idx), y: tf.gather(d.y, idx) };
};

describe('unlearning a class of 2-D blobs with a small MLP', () => {
  const model = sequential([2], [dense({ name: 'hidden', units: 16, activation: 'tanh' }), dense({ name: 'out', units: 3 })]);
  const train = blobs(centres, 40, 0.6, 1);
  const test = blobs(centres, 20, 0.6, 2);
  const forget = split(train, (l) => l === 0);
  const retain = split(train, (l) => l !== 0);
  const testRetained = split(test, (l) => l !== 0);
  const loss = crossEntropy;
  const trained = retrainFromScratch({ model, loss, retain: train, initSeed: 7, steps: 150, batchSize: 32, optimizer: sgd({ learningRate: 0.2 }) });
  const before = { forget: accuracyOn(model, trained, forget), retain: accuracyOn(model, trained, retain) };

  it('the trained model knows the forget class', () => {
    expect(before.forget).toBeGreaterThan(0.9);
    expect(before.retain).toBeGreaterThan(0.9);
  });

  it('SalUn drives forget accuracy below 0.2 while retain accuracy stays within 0.05', () => {
    const tensors = tf.memory().numTensors;
    const p = salun({ model, params: trained, loss, forget, retain, ratio: 0.5, steps: 40, batchSize: 32, optimizer: sgd({ learningRate: 0.1 }) });
    expect(tf.memory().numTensors).toBe(tensors + tree.leaves(p).length);
    const after = { forget: accuracyOn(model, p, forget), retain: accuracyOn(model, p, retain) };
    expect(after.forget).toBeLessThan(0.2);
    expect(after.retain).toBeGreaterThanOrEqual(before.retain - 0.05);
    // only the salient half of the weights moved
    const moved = tree.leaves(tree.sub(p, trained)).reduce((n, d) => n + Array.from(d.dataSync()).filter((v) => v !== 0).length, 0);
    expect(moved).toBeLessThanOrEqual(Math.ceil(0.5 * tree.count(trained)) + 2);
    expect(moved).toBeGreaterThan(0);
    tree.dispose(p);
  });

  it('metrics: UA, RA, TA, MIA-efficacy, and the gap to retraining', () => {
    const reference = retrainFromScratch({ model, loss, retain, initSeed: 8, steps: 150, batchSize: 32, optimizer: sgd({ learningRate: 0.2 }) });
    const refMetrics = unlearningMetrics({ model, params: reference, forget, retain, test: testRetained });
    // a model that never saw class 0 gets it wrong: UA near 1
    expect(refMetrics.unlearningAccuracy).toBeGreaterThan(0.9);
    expect(refMetrics.remainingAccuracy).toBeGreaterThan(0.9);
    const original = unlearningMetrics({ model, params: trained, forget, retain, test: testRetained });
    expect(original.unlearningAccuracy).toBeLessThan(0.1);
    for (const m of [refMetrics, original]) for (const v of Object.values(m)) expect(v >= 0 && v <= 1).toBe(true);
    const gapOriginal = averageGap(original, refMetrics);
    const p = salun({ model, params: trained, loss, forget, retain, steps: 40, optimizer: sgd({ learningRate: 0.1 }) });
    const gapSalun = averageGap(unlearningMetrics({ model, params: p, forget, retain, test: testRetained }), refMetrics);
    expect(gapSalun).toBeLessThan(gapOriginal);
    expect(averageGap(refMetrics, refMetrics)).toBe(0);
    tree.dispose(reference, p);
  });

  it('the baselines run and move in the expected direction', () => {
    const ga = gradientAscent({ model, params: trained, loss, forget, steps: 20, optimizer: sgd({ learningRate: 0.05 }) });
    const ft = fineTune({ model, params: trained, loss, retain, steps: 20, optimizer: sgd({ learningRate: 0.1 }) });
    const ssd = selectiveSynapticDampening({ model, params: trained, loss, x: train.x, y: train.y, forget, alpha: 2, lambda: 1 });
    const forgetLoss = (q: typeof trained) => tf.tidy(() => loss(model.apply(q, forget.x), forget.y).dataSync()[0]!);
    expect(forgetLoss(ga)).toBeGreaterThan(1.5 * forgetLoss(trained));
    expect(accuracyOn(model, ft, retain)).toBeGreaterThan(0.9);
    expect(accuracyOn(model, ssd, forget)).toBeLessThanOrEqual(before.forget);
    tree.dispose(ga, ft, ssd);
  });

  it('frees the optimizer state and intermediate parameters (adam)', () => {
    const before = tf.memory().numTensors;
    const p = fineTune({ model, params: trained, loss, retain, steps: 5, optimizer: adam({ learningRate: 1e-3 }) });
    expect(tf.memory().numTensors).toBe(before + tree.leaves(p).length);
    tree.dispose(p);
  });
  it('refuses missing sets and bad ratios clearly', () => {
    expect(() => salun({ model, params: trained, loss, forget, retain, ratio: 0 })).toThrow(/salun\(ratio\): expected a fraction in \(0, 1\], got 0/);
    expect(() => salun({ model, params: trained, loss, forget, retain, ratio: 1.5 })).toThrow(/got 1.5/);
    expect(() => fineTune({ model, params: trained, loss, retain: undefined as never })).toThrow(/fineTune\(retain\): expected retain as \{ x, y \} tensors/);
  });
});
