import { beforeAll, describe, expect, it } from 'vitest';
import { GradbookError, setBackend, tf, tree } from '@gradbook/core';
import type { GradientTransformation, Tensor, TensorTree } from '@gradbook/core';
import {
  addDecayedWeights,
  adamw,
  chain,
  clipByGlobalNorm,
  clipByValue,
  currentLearningRate,
  masked,
  notBias,
  scale,
  scaleByAdam,
  scaleByDiffGrad,
  scaleByLearningRate,
  scaleByLion,
  scaleByRms,
  scaleByRss,
  sgd,
  traceMomentum,
  linearSchedule,
} from '../index.js';

const arr = async (t: Tensor) => Array.from(await t.data());

const params = () => ({ dense: { kernel: tf.tensor2d([[1, -2], [3, 4]]), bias: tf.tensor1d([0.5, -0.5]) } });
const grads = () => ({ dense: { kernel: tf.tensor2d([[0.1, 0.2], [-0.3, 0.4]]), bias: tf.tensor1d([1, -1]) } });

const ALL: [string, () => GradientTransformation<any>][] = [
  ['addDecayedWeights', () => addDecayedWeights(0.1)],
  ['clipByGlobalNorm', () => clipByGlobalNorm(1)],
  ['clipByValue', () => clipByValue({ min: -0.2, max: 0.2 })],
  ['masked', () => masked(scaleByAdam(), notBias)],
  ['scale', () => scale(2)],
  ['scaleByAdam', () => scaleByAdam()],
  ['scaleByDiffGrad', () => scaleByDiffGrad()],
  ['scaleByLearningRate', () => scaleByLearningRate(0.1)],
  ['scaleByLion', () => scaleByLion()],
  ['scaleByRms', () => scaleByRms()],
  ['scaleByRss', () => scaleByRss()],
  ['traceMomentum', () => traceMomentum()],
];

describe('every building block', () => {
  beforeAll(async () => {
    await setBackend('cpu');
  });
  for (const [name, make] of ALL) {
    it(`${name}: init/update keep the tree's structure and shapes, stay finite, and free what they make`, async () => {
      const t = make();
      const p = params();
      const before = tf.memory().numTensors;
      let state = t.init(p);
      for (let i = 0; i < 3; i++) {
        const g = grads();
        const { updates, state: next } = t.update(g, state, p);
        const flat = tree.flatten(updates);
        expect(flat.paths.map((x) => x.join('.'))).toEqual(['dense.bias', 'dense.kernel']);
        expect(flat.leaves[1]!.shape).toEqual([2, 2]);
        for (const l of flat.leaves) expect((await arr(l)).every(Number.isFinite)).toBe(true);
        // the updates are owned by the caller: disposing them leaves the state intact
        tree.dispose(g, updates);
        tree.disposeReplaced(state, next);
        state = next;
      }
      tree.dispose(state);
      expect(tf.memory().numTensors).toBe(before);
      tree.dispose(p);
    });
  }
});

describe('chain, clipping, masks and the learning rate in the state', () => {
  it('clipByGlobalNorm scales the whole tree to the bound and leaves small trees alone', async () => {
    const g = grads(); // norm² = 0.01+0.04+0.09+0.16+1+1 = 2.3
    const n = Math.sqrt(2.3);
    const t = clipByGlobalNorm(1);
    const { updates } = t.update(g, t.init(g));
    expect(await arr((updates as any).dense.bias)).toEqual([1 / n, -1 / n].map((x) => expect.closeTo(x, 6)) as never);
    const t2 = clipByGlobalNorm(10);
    const { updates: u2 } = t2.update(g, t2.init(g));
    expect(await arr((u2 as any).dense.kernel)).toEqual([0.1, 0.2, -0.3, 0.4].map((x) => expect.closeTo(x, 6)) as never);
    tree.dispose(g, updates, u2);
  });

  it('clipByValue clips each coordinate and refuses max < min', async () => {
    const g = grads();
    const t = clipByValue({ min: -0.25, max: 0.15 });
    const { updates } = t.update(g, t.init(g));
    expect(await arr((updates as any).dense.kernel)).toEqual([0.1, 0.15, -0.25, 0.15].map((x) => expect.closeTo(x, 6)) as never);
    expect(() => clipByValue({ min: 1, max: 0 })).toThrow(/max \(0\) is below min \(1\)/);
    tree.dispose(g, updates);
  });

  it('masked weight decay (notBias) decays kernels but not biases: adamw on zero gradients', async () => {
    const p = params();
    const zero = tree.zerosLike(p);
    const opt = adamw({ learningRate: 0.1, weightDecay: 0.5, decayMask: notBias });
    const { updates } = opt.update(zero, opt.init(p), p);
    // zero gradient → the adam part is 0; decay: −lr·wd·p = −0.05·p on kernels only
    expect(await arr((updates as any).dense.kernel)).toEqual([-0.05, 0.1, -0.15, -0.2].map((x) => expect.closeTo(x, 6)) as never);
    expect((await arr((updates as any).dense.bias)).map(Math.abs)).toEqual([0, 0]);
    tree.dispose(p, zero, updates);
  });

  it('a mask can be a tree of booleans, and a missing entry is a clear error', async () => {
    const p = params();
    const t = masked(scale(3), { dense: { kernel: false, bias: true } });
    const { updates } = t.update(p, t.init(p));
    expect(await arr((updates as any).dense.bias)).toEqual([1.5, -1.5]);
    expect(await arr((updates as any).dense.kernel)).toEqual([1, -2, 3, 4]);
    expect(() => masked(scale(3), { dense: { kernel: false } }).init(p)).toThrow(/mask has no entry for dense.bias/);
    tree.dispose(p, updates);
  });

  it('chain applies left to right: decay then lr gives −lr·(g + wd·p)', async () => {
    const p = params();
    const g = grads();
    const opt = chain(addDecayedWeights(0.1), scaleByLearningRate(2));
    const { updates } = opt.update(g, opt.init(p), p);
    expect(await arr((updates as any).dense.bias)).toEqual([-2 * (1 + 0.05), -2 * (-1 - 0.05)].map((x) => expect.closeTo(x, 6)) as never);
    expect(() => opt.update(g, [] as never, p)).toThrow(/state of a chain of 2 transformations/);
    tree.dispose(p, g, updates);
  });

  it('currentLearningRate follows a schedule step by step', () => {
    const p = params();
    const opt = sgd({ learningRate: linearSchedule({ init: 1, end: 0, steps: 4 }) });
    let state = opt.init(p);
    const seen = [currentLearningRate(state)];
    for (let i = 0; i < 4; i++) {
      const r = opt.update(p, state, p);
      tree.dispose(r.updates);
      state = r.state;
      seen.push(currentLearningRate(state));
    }
    expect(seen).toEqual([1, 0.75, 0.5, 0.25, 0]);
    expect(() => currentLearningRate(scaleByAdam().init(p))).toThrow(GradbookError);
    tree.dispose(p, state);
  });

  it('betas and ε take schedules too: a constant schedule equals the number, an out-of-range value fails at its step', async () => {
    const p = params();
    const g = grads();
    const a = scaleByAdam({ b1: 0.8, eps: 0.1 });
    const b = scaleByAdam({ b1: () => 0.8, eps: () => 0.1 });
    const sa = a.init(p);
    const sb = b.init(p);
    const ra = a.update(g, sa, p);
    const rb = b.update(g, sb, p);
    expect(await arr((rb.updates as any).dense.kernel)).toEqual(await arr((ra.updates as any).dense.kernel));
    const bad = scaleByLion({ b2: (t) => (t < 1 ? 0.9 : 1.2) });
    const s0 = bad.init(p);
    const r1 = bad.update(g, s0, p);
    expect(() => bad.update(g, r1.state, p)).toThrow(/scaleByLion: b2\(1\) must be a number in \[0, 1\), received 1.2/);
    tree.dispose(p, g, sa, sb, ra, rb, s0, r1);
  });

  it('addDecayedWeights without params names the missing argument', () => {
    const g = grads();
    const t = addDecayedWeights(0.1);
    expect(() => t.update(g, t.init(g))).toThrow(/addDecayedWeights.update\(params\): weight decay needs the current parameters/);
    tree.dispose(g);
  });

  it('traceMomentum equals a hand-computed two-step buffer (μ = 0.5): b1 = g1, b2 = 0.5·g1 + g2', async () => {
    const t = traceMomentum({ decay: 0.5 });
    const g1: TensorTree = { w: tf.tensor1d([1, 2]) };
    const g2: TensorTree = { w: tf.tensor1d([3, -1]) };
    const s0 = t.init(g1);
    const r1 = t.update(g1, s0);
    const r2 = t.update(g2, r1.state);
    expect(await arr((r2.updates as any).w)).toEqual([3.5, 0]);
    tree.dispose(g1, g2, s0, r1, r2);
  });
});
