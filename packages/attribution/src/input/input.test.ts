import { afterAll, describe, expect, it } from 'vitest';
import { GradbookError, setBackend, tf, tree } from '@gradbook/core';
import { inputGradient, integratedGradients, quadratureRule, smoothGrad } from '../index.js';
import { mlpSpec, specModel } from '../test-utils/spec-model.js';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(tol);
};

describe('quadratureRule', () => {
  it('trapezoid with 3 points is [0, ½, 1] with weights [¼, ½, ¼]', () => {
    const r = quadratureRule('trapezoid', 3);
    expect(r.alphas).toEqual([0, 0.5, 1]);
    expect(r.weights).toEqual([0.25, 0.5, 0.25]);
  });
  it.each(['trapezoid', 'left', 'right', 'middle', 'gauss-legendre'] as const)('%s weights sum to 1 and nodes lie in [0, 1]', (rule) => {
    const r = quadratureRule(rule, 7);
    expect(r.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    r.alphas.forEach((a) => expect(a >= 0 && a <= 1).toBe(true));
  });
  it('gauss-legendre with 3 points integrates α⁵ exactly (1/6), the midpoint rule does not', () => {
    const f = (r: { alphas: number[]; weights: number[] }) => r.alphas.reduce((s, a, i) => s + r.weights[i]! * a ** 5, 0);
    expect(f(quadratureRule('gauss-legendre', 3))).toBeCloseTo(1 / 6, 14);
    expect(Math.abs(f(quadratureRule('middle', 3)) - 1 / 6)).toBeGreaterThan(1e-3);
  });
  it('gauss-legendre with 5 points has the tabulated nodes', () => {
    const r = quadratureRule('gauss-legendre', 5);
    close(r.alphas.map((a) => 2 * a - 1), [-0.906179845938664, -0.538469310105683, 0, 0.538469310105683, 0.906179845938664], 1e-12);
    close(r.weights.map((w) => 2 * w), [0.236926885056189, 0.478628670499366, 0.568888888888889, 0.478628670499366, 0.236926885056189], 1e-12);
  });
});

describe.each(['cpu', 'wasm'] as const)('input attribution on %s', (backend) => {
  afterAll(() => setBackend('cpu'));
  const setup = async () => {
    await setBackend(backend);
    const { model, params } = specModel(mlpSpec([5, 8, 4], 'tanh', 3));
    const x = tf.randomNormal([3, 5], 0, 1, 'float32', 1);
    return { model, params, x };
  };

  it('inputGradient matches central finite differences of the target logit', async () => {
    const { model, params, x } = await setup();
    const before = tf.memory().numTensors;
    const { gradient, gradientTimesInput } = inputGradient({ model, params, x, target: [0, 2, 3] });
    const g = gradient.arraySync() as number[][];
    const gx = gradientTimesInput.arraySync() as number[][];
    tf.dispose([gradient, gradientTimesInput]);
    expect(tf.memory().numTensors).toBe(before);
    const xs = x.arraySync() as number[][];
    const f = (row: number[], t: number) => tf.tidy(() => (model.apply(params, tf.tensor2d([row])).arraySync() as number[][])[0]![t]!);
    const eps = 1e-2;
    [0, 2, 3].forEach((t, i) => {
      for (let j = 0; j < 5; j++) {
        const p = [...xs[i]!];
        const m = [...xs[i]!];
        p[j] += eps;
        m[j] -= eps;
        expect(Math.abs(g[i]![j]! - (f(p, t) - f(m, t)) / (2 * eps))).toBeLessThan(2e-3);
        expect(gx[i]![j]).toBeCloseTo(g[i]![j]! * xs[i]![j]!, 5);
      }
    });
  });

  it("integratedGradients' convergence delta shrinks as steps grow", async () => {
    const { model, params, x } = await setup();
    const delta = (steps: number, rule: 'trapezoid' | 'gauss-legendre' = 'trapezoid') => {
      const r = integratedGradients({ model, params, x, target: 1, steps, rule });
      const d = Math.max(...Array.from(r.convergenceDelta.dataSync(), Math.abs));
      tf.dispose([r.attributions, r.convergenceDelta]);
      return d;
    };
    const d4 = delta(4);
    const d16 = delta(16);
    const d64 = delta(64);
    expect(d16).toBeLessThan(d4);
    expect(d64).toBeLessThan(d16);
    expect(d64).toBeLessThan(0.05 * d4 + 1e-4);
    expect(delta(8, 'gauss-legendre')).toBeLessThan(d64 + 1e-4);
  });

  it('batched integratedGradients equals one-point-at-a-time, for every rule, and frees its tensors', async () => {
    const { model, params, x } = await setup();
    const baseline = tf.randomNormal([5], 0, 0.1, 'float32', 9);
    for (const rule of ['trapezoid', 'left', 'right', 'middle', 'gauss-legendre'] as const) {
      const before = tf.memory().numTensors;
      const a = integratedGradients({ model, params, x, baseline, target: 2, steps: 10, rule, batchSize: 1 });
      const b = integratedGradients({ model, params, x, baseline, target: 2, steps: 10, rule, batchSize: 64 });
      close(a.attributions.dataSync(), b.attributions.dataSync(), 1e-5);
      close(a.convergenceDelta.dataSync(), b.convergenceDelta.dataSync(), 1e-5);
      tf.dispose([a.attributions, a.convergenceDelta, b.attributions, b.convergenceDelta]);
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('integratedGradients on a linear model is exact: (x − x′)·w, delta 0', async () => {
    await setBackend(backend);
    const { model, params } = specModel(mlpSpec([4, 3], 'linear', 5));
    const x = tf.tensor2d([[1, -2, 0.5, 3]]);
    const r = integratedGradients({ model, params, x, target: 2, steps: 2 });
    const w = (params.dense1!.kernel!.arraySync() as number[][]).map((row) => row[2]!);
    close(r.attributions.dataSync(), [1, -2, 0.5, 3].map((v, i) => v * w[i]!), 1e-5);
    expect(Math.abs(r.convergenceDelta.dataSync()[0]!)).toBeLessThan(1e-5);
  });

  it('smoothGrad with zero noise is the input gradient; VarGrad of identical samples is 0', async () => {
    const { model, params, x } = await setup();
    const noise = tf.zeros([4, 3, 5]);
    const s = smoothGrad({ model, params, x, target: 1, noise });
    const v = smoothGrad({ model, params, x, target: 1, noise, variant: 'vargrad' });
    const sq = smoothGrad({ model, params, x, target: 1, noise, variant: 'smoothgrad-squared' });
    const { gradient } = inputGradient({ model, params, x, target: 1 });
    close(s.dataSync(), gradient.dataSync(), 1e-6);
    close(sq.dataSync(), gradient.square().dataSync(), 1e-6);
    close(v.dataSync(), new Float32Array(15), 1e-6);
  });

  it('smoothGrad with drawn noise is seeded and batching does not change it', async () => {
    const { model, params, x } = await setup();
    const a = smoothGrad({ model, params, x, target: 0, samples: 6, seed: 4, batchSize: 3 });
    const b = smoothGrad({ model, params, x, target: 0, samples: 6, seed: 4, batchSize: 100 });
    const c = smoothGrad({ model, params, x, target: 0, samples: 6, seed: 5 });
    close(a.dataSync(), b.dataSync(), 1e-6);
    expect(Math.max(...Array.from(tf.sub(a, c).abs().dataSync()))).toBeGreaterThan(1e-4);
  });
});

describe('bad input is refused clearly', () => {
  const { model, params } = specModel(mlpSpec([5, 8, 4], 'tanh', 3));
  const x = tf.zeros([2, 5]);
  const message = (fn: () => unknown): string => {
    try {
      fn();
    } catch (e) {
      expect(GradbookError.isInstance(e)).toBe(true);
      return (e as Error).message;
    }
    throw new Error('did not throw');
  };
  it('a target class out of range', () => {
    expect(message(() => inputGradient({ model, params, x, target: 4 }))).toMatch(/inputGradient\(target\): target class 4 is out of range: the model has 4 outputs.*\[0, 3\]/);
    expect(message(() => integratedGradients({ model, params, x, target: [0, -1] }))).toMatch(/target class -1 is out of range/);
    expect(message(() => smoothGrad({ model, params, x, target: [0, 1, 2] }))).toMatch(/one target per example \(2\), got 3/);
  });
  it('a baseline of the wrong shape', () => {
    expect(message(() => integratedGradients({ model, params, x, target: 0, baseline: tf.zeros([2, 4]) }))).toMatch(
      /integratedGradients\(baseline\): baseline shape \[2, 4\] does not match input \[2, 5\]; pass a baseline shaped like the input/,
    );
  });
  it('an input without the batch dimension', () => {
    expect(message(() => inputGradient({ model, params, x: tf.zeros([5]), target: 0 }))).toMatch(/expected a batch shaped \[\?, 5\], received \[5\]/);
  });
  it('steps too small for the trapezoid rule', () => {
    expect(message(() => integratedGradients({ model, params, x, target: 0, steps: 1 }))).toMatch(/steps\): expected a whole number ≥ 2, got 1/);
  });
});
