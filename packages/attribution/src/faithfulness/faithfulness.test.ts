import { describe, expect, it } from 'vitest';
import { tf } from '@gradbook/core';
import { diffRoar, faithfulness, faithfulnessCurves, inputGradient, keepFeatures } from '../index.js';
import { mlpSpec, specModel } from '../test-utils/spec-model.js';

describe('keepFeatures', () => {
  it('keeps the top or bottom fraction per example and fills the rest', () => {
    const x = tf.tensor2d([[1, 2, 3, 4], [5, 6, 7, 8]]);
    const a = tf.tensor2d([[0.1, 0.9, 0.5, 0.2], [4, 3, 2, 1]]);
    expect(keepFeatures(x, a, 0.5).arraySync()).toEqual([[0, 2, 3, 0], [5, 6, 0, 0]]);
    expect(keepFeatures(x, a, 0.25, 'bottom', -1).arraySync()).toEqual([[1, -1, -1, -1], [-1, -1, -1, 8]]);
    expect(() => keepFeatures(x, a, 0)).toThrow(/keepFeatures\(fraction\): expected a fraction in \(0, 1\], got 0/);
  });
});

describe('diffRoar', () => {
  it('calls retrain with top and bottom masks per fraction and reports top − bottom', async () => {
    const x = tf.tensor2d([[1, 2, 3, 4]]);
    const a = tf.tensor2d([[4, 3, 2, 1]]);
    const seen: string[] = [];
    const r = await diffRoar({
      fractions: [0.25, 0.5],
      retrain: (mask, which, f) => {
        const kept = mask(x, a).dataSync();
        seen.push(`${which}@${f}:${Array.from(kept).join(',')}`);
        return Array.from(kept).reduce((s, v) => s + v, 0); // a stand-in "accuracy"
      },
    });
    expect(seen).toEqual(['top@0.25:1,0,0,0', 'bottom@0.25:0,0,0,4', 'top@0.5:1,2,0,0', 'bottom@0.5:0,0,3,4']);
    expect(r.diff).toEqual([1 - 4, 3 - 7]);
  });
});

describe('deletion and insertion curves', () => {
  const { model, params } = specModel(mlpSpec([12, 3], 'linear', 9));
  const x = tf.randomNormal([4, 12], 0, 1, 'float32', 2);
  const target = 1;
  it('on a linear model, gradient × input orders features better than random', () => {
    const before = tf.memory().numTensors;
    const { gradient, gradientTimesInput } = inputGradient({ model, params, x, target });
    const { attribution, random } = faithfulness({ model, params, x, target, attribution: gradientTimesInput, steps: 12, runs: 5, seed: 3 });
    tf.dispose([gradient, gradientTimesInput]);
    expect(tf.memory().numTensors).toBe(before);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(mean(attribution.deletionArea)).toBeLessThan(mean(random.deletionArea));
    expect(mean(attribution.insertionArea)).toBeGreaterThan(mean(random.insertionArea));
    expect(attribution.fractions).toHaveLength(13);
  });
  it('starts at p(x) and ends at p(baseline), and the area is the trapezoid sum', () => {
    const attributionT = tf.randomNormal([4, 12], 0, 1, 'float32', 8);
    const c = faithfulnessCurves({ model, params, x, target, attribution: attributionT, steps: 4, batchSize: 5 });
    const p = tf.softmax(model.apply(params, x)).arraySync() as number[][];
    const p0 = tf.softmax(model.apply(params, tf.zeros([1, 12]))).arraySync() as number[][];
    c.deletion.forEach((curve, i) => {
      expect(curve[0]).toBeCloseTo(p[i]![target]!, 5);
      expect(curve[4]).toBeCloseTo(p0[0]![target]!, 5);
      expect(c.insertion[i]![0]).toBeCloseTo(p0[0]![target]!, 5);
      expect(c.insertion[i]![4]).toBeCloseTo(p[i]![target]!, 5);
      const area = curve.slice(1).reduce((s, v, j) => s + ((v + curve[j]!) / 2) * 0.25, 0);
      expect(c.deletionArea[i]).toBeCloseTo(area, 10);
    });
  });
});
