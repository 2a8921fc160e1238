import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GradbookError, setBackend, tf, tree, valueAndGrad } from '@gradbook/core';
import type { GradientTransformation, Tensor, TensorTree } from '@gradbook/core';
import { adagrad, adam, adamw, applyUpdates, diffGrad, lion, momentum, nesterov, rmsprop, sam, sgd } from '../index.js';
import { referenceTrajectory, type RefOptions } from '../test-utils/reference-rules.js';
import { quadratic, quadraticMinimum, rosenbrock } from '../test-utils/landscapes.js';

/** A small deterministic generator (mulberry32) for test data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CASES: { name: string; make: () => GradientTransformation<any>; ref: RefOptions }[] = [
  { name: 'sgd', make: () => sgd({ learningRate: 0.1, weightDecay: 0.05 }), ref: { lr: 0.1, wd: 0.05 } },
  { name: 'momentum', make: () => momentum({ learningRate: 0.05, momentum: 0.8, weightDecay: 0.1 }), ref: { lr: 0.05, mu: 0.8, wd: 0.1 } },
  { name: 'nesterov', make: () => nesterov({ learningRate: 0.05, momentum: 0.9, weightDecay: 0.02 }), ref: { lr: 0.05, mu: 0.9, wd: 0.02 } },
  { name: 'adam', make: () => adam({ learningRate: 0.01, b1: 0.8, b2: 0.95, eps: 1e-6, weightDecay: 0.1 }), ref: { lr: 0.01, b1: 0.8, b2: 0.95, eps: 1e-6, wd: 0.1 } },
  { name: 'adamw', make: () => adamw({ learningRate: 0.02, weightDecay: 0.3 }), ref: { lr: 0.02, b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0.3 } },
  { name: 'rmsprop', make: () => rmsprop({ learningRate: 0.01, rho: 0.9, eps: 1e-7, weightDecay: 0.2 }), ref: { lr: 0.01, rho: 0.9, eps: 1e-7, wd: 0.2 } },
  { name: 'adagrad', make: () => adagrad({ learningRate: 0.1, weightDecay: 0.1 }), ref: { lr: 0.1, eps: 1e-10, wd: 0.1 } },
  { name: 'lion', make: () => lion({ learningRate: 0.003, b1: 0.9, b2: 0.99, weightDecay: 0.5 }), ref: { lr: 0.003, b1: 0.9, b2: 0.99, wd: 0.5 } },
  { name: 'diffgrad', make: () => diffGrad({ learningRate: 0.01, b1: 0.9, b2: 0.999, eps: 1e-8, weightDecay: 0.1 }), ref: { lr: 0.01, b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0.1 } },
  // ε large enough to matter, so its placement (inside or outside the bias correction) is checked
  { name: 'adam', make: () => adam({ learningRate: 0.05, eps: 0.3 }), ref: { lr: 0.05, b1: 0.9, b2: 0.999, eps: 0.3 } },
  { name: 'rmsprop', make: () => rmsprop({ learningRate: 0.05, eps: 0.2 }), ref: { lr: 0.05, rho: 0.99, eps: 0.2 } },
  { name: 'adagrad', make: () => adagrad({ learningRate: 0.05, eps: 0.5 }), ref: { lr: 0.05, eps: 0.5 } },
  { name: 'diffgrad', make: () => diffGrad({ learningRate: 0.05, eps: 0.4 }), ref: { lr: 0.05, b1: 0.9, b2: 0.999, eps: 0.4 } },
];

/** Runs an optimizer over fixed gradients on a two-leaf tree; returns the flattened parameters per step. */
async function trajectory(opt: GradientTransformation<any>, p0: number[], grads: number[][]): Promise<number[][]> {
  const split = (x: number[]) => ({ a: { kernel: tf.tensor2d(x.slice(0, 4), [2, 2]) }, b: tf.tensor1d(x.slice(4)) });
  let params: TensorTree = split(p0);
  let state = opt.init(params);
  const out: number[][] = [];
  for (const g of grads) {
    const gt = split(g);
    const { updates, state: next } = opt.update(gt, state, params);
    const np: TensorTree = applyUpdates(params, updates);
    tree.dispose(gt, updates, params);
    tree.disposeReplaced(state, next);
    state = next;
    params = np;
    const leaves = tree.leaves(params);
    out.push([...(await leaves[0]!.data()), ...(await leaves[1]!.data())]);
  }
  tree.dispose(params, state);
  return out;
}

describe.each(['cpu', 'wasm'])('optimizer aliases on %s', (backend) => {
  beforeAll(async () => {
    await setBackend(backend as 'cpu' | 'wasm');
  });
  afterAll(async () => {
    await setBackend('cpu');
  });

  for (const { name, make, ref } of CASES) {
    it(`${name} ${JSON.stringify(ref)} follows the written-out float64 rule on a nested tree`, async () => {
      const r = rng(name.length * 7919 + 3);
      const normal = () => (r() - 0.5) * 4;
      const p0 = Array.from({ length: 6 }, normal);
      const grads = Array.from({ length: 8 }, () => Array.from({ length: 6 }, normal));
      const before = tf.memory().numTensors;
      const got = await trajectory(make(), p0, grads);
      expect(tf.memory().numTensors).toBe(before);
      const want = referenceTrajectory(name, ref, p0, grads);
      for (let s = 0; s < want.length; s++) {
        for (let i = 0; i < 6; i++) expect(Math.abs(got[s]![i]! - want[s]![i]!)).toBeLessThanOrEqual(1e-5 + 1e-4 * Math.abs(want[s]![i]!));
      }
    });
  }
});

/** Minimises `f` from `start` for `steps` steps; returns the final point. */
async function minimise(opt: GradientTransformation<any>, f: (p: { w: Tensor }) => tf.Scalar, start: number[], steps: number): Promise<number[]> {
  let params = { w: tf.tensor1d(start) };
  let state = opt.init(params);
  for (let i = 0; i < steps; i++) {
    const { value, grads } = valueAndGrad(f)(params);
    const { updates, state: next } = opt.update(grads, state, params);
    const np = applyUpdates(params, updates);
    tree.dispose(value, grads, updates, params);
    tree.disposeReplaced(state, next);
    state = next;
    params = np;
  }
  const w = Array.from(await params.w.data());
  tree.dispose(params, state);
  return w;
}

describe('optimizers on known landscapes (cpu)', () => {
  beforeAll(async () => {
    await setBackend('cpu');
  });

  const convex: [string, () => GradientTransformation<any>, number][] = [
    ['sgd', () => sgd({ learningRate: 0.15 }), 200],
    ['momentum', () => momentum({ learningRate: 0.05, momentum: 0.9 }), 300],
    ['nesterov', () => nesterov({ learningRate: 0.05, momentum: 0.9 }), 300],
    ['adam', () => adam({ learningRate: 0.05 }), 800],
    ['adamw', () => adamw({ learningRate: 0.05, weightDecay: 0 }), 800],
    ['rmsprop', () => rmsprop({ learningRate: 0.01 }), 800],
    ['adagrad', () => adagrad({ learningRate: 0.5 }), 800],
    ['lion', () => lion({ learningRate: 0.01 }), 800],
    ['diffGrad', () => diffGrad({ learningRate: 0.05 }), 800],
  ];
  for (const [name, make, steps] of convex) {
    it(`${name} reaches the minimum (1, −2) of a convex quadratic with condition number 10`, async () => {
      const w = await minimise(make(), quadratic, [-3, 2], steps);
      expect(Math.abs(w[0]! - quadraticMinimum[0]!)).toBeLessThan(2e-2);
      expect(Math.abs(w[1]! - quadraticMinimum[1]!)).toBeLessThan(2e-2);
    });
  }

  it('sam (base sgd) reaches the minimum (1, −2) of the convex quadratic', async () => {
    const opt = sam({ base: sgd(0.05), rho: 0.02 });
    let params = { w: tf.tensor1d([-3, 2]) as Tensor };
    let state = opt.init(params);
    for (let i = 0; i < 300; i++) {
      const r = opt.step(quadratic, params, state);
      tree.dispose(r.value, params);
      tree.disposeReplaced(state, r.state);
      params = r.params;
      state = r.state;
    }
    const w = Array.from(await params.w.data());
    // SAM's fixed point is where ∇L(w + ρ·g/‖g‖) = 0: within ρ of the minimum
    expect(Math.hypot(w[0]! - quadraticMinimum[0]!, w[1]! - quadraticMinimum[1]!)).toBeLessThan(0.02 + 1e-3);
    tree.dispose(params, state);
  });

  it('momentum reaches the minimum (1, 1) of Rosenbrock from (−1.2, 1) within 3000 steps', async () => {
    const w = await minimise(momentum({ learningRate: 1e-3, momentum: 0.9 }), rosenbrock, [-1.2, 1], 3000);
    expect(Math.abs(w[0]! - 1)).toBeLessThan(2e-2);
    expect(Math.abs(w[1]! - 1)).toBeLessThan(4e-2);
  });

  it('adam reaches the minimum (1, 1) of Rosenbrock from (−1.2, 1) within 3000 steps', async () => {
    const w = await minimise(adam({ learningRate: 0.02 }), rosenbrock, [-1.2, 1], 3000);
    expect(Math.abs(w[0]! - 1)).toBeLessThan(2e-2);
    expect(Math.abs(w[1]! - 1)).toBeLessThan(4e-2);
  });
});

describe('positional learning rate (optax style)', () => {
  it('adam(1e-3, { b2 }) equals adam({ learningRate: 1e-3, b2 })', async () => {
    await setBackend('cpu');
    const p0 = [0.3, -1, 2, 0.5, 0.1, -0.4];
    const gs = [[1, 2, 3, 4, 5, 6], [-1, 0.5, 0.2, 0, 3, -2]];
    const a = await trajectory(adam(1e-2, { b2: 0.9 }), p0, gs);
    const b = await trajectory(adam({ learningRate: 1e-2, b2: 0.9 }), p0, gs);
    expect(a).toEqual(b);
    const n = await trajectory(nesterov(0.1), p0, gs);
    expect(n).toEqual(referenceTrajectory('nesterov', { lr: 0.1, mu: 0.9 }, p0, gs).map((r) => r.map((x) => expect.closeTo(x, 5))));
  });
  it('refuses a learning rate given twice', () => {
    expect(() => sgd(0.1, { learningRate: 0.2 })).toThrow(/learning rate is given twice/);
    expect(() => adam('fast' as never)).toThrow(/expected a learning rate \(a number or a schedule\) or an options object, received fast/);
  });
});

describe('bad input', () => {
  it('refuses a negative or NaN learning rate when the optimizer is built', () => {
    expect(() => adam({ learningRate: -1 })).toThrow(/adam|scaleByLearningRate/);
    expect(() => sgd({ learningRate: NaN })).toThrow(GradbookError);
    expect(() => sgd({ learningRate: NaN })).toThrow(/learningRate must be a finite number ≥ 0, received NaN/);
  });

  it('refuses a schedule that turns negative at the step it does so, before touching tensors', () => {
    const opt = sgd({ learningRate: (t) => 0.1 - t });
    const params = { w: tf.ones([2]) };
    let state = opt.init(params);
    const g = { w: tf.ones([2]) };
    const r = opt.update(g, state, params);
    tree.dispose(r.updates);
    state = r.state;
    const before = tf.memory().numTensors;
    expect(() => opt.update(g, state, params)).toThrow(/learningRate\(1\) must be a finite number ≥ 0, received -0.9/);
    expect(tf.memory().numTensors).toBe(before);
    tree.dispose(params, g);
  });

  it('refuses betas outside [0, 1)', () => {
    expect(() => adam({ b1: 1 })).toThrow(/b1 must be a number in \[0, 1\), received 1/);
    expect(() => adamw({ b2: -0.1 })).toThrow(/b2/);
    expect(() => lion({ b1: 1.5 })).toThrow(GradbookError);
    expect(() => momentum({ momentum: 1 })).toThrow(/decay must be a number in \[0, 1\)/);
    expect(() => rmsprop({ rho: NaN })).toThrow(GradbookError);
  });

  it('refuses a gradient tree that does not match the state, before creating any tensor', () => {
    const opt = adam();
    const params = { a: tf.ones([2, 3]), b: tf.ones([3]) };
    const state = opt.init(params);
    const wrongShape = { a: tf.ones([3, 2]), b: tf.ones([3]) };
    const wrongKeys = { a: tf.ones([2, 3]), c: tf.ones([3]) };
    const before = tf.memory().numTensors;
    expect(() => opt.update(wrongShape, state, params)).toThrow(/updates leaf a has shape \[3, 2\] but params has \[2, 3\]/);
    // without params, the state is the reference
    expect(() => opt.update(wrongShape, state)).toThrow(/scaleByAdam: updates leaf a has shape \[3, 2\] but state.mu has \[2, 3\]/);
    expect(() => opt.update(wrongKeys, state, params)).toThrow(/lacks b; .*has extra c/);
    expect(tf.memory().numTensors).toBe(before);
    tree.dispose(params, state, wrongShape, wrongKeys);
  });

  it('checks gradients against the parameters even for a stateless optimizer (plain sgd)', () => {
    const opt = sgd(0.1);
    const params = { a: tf.ones([2]) };
    const state = opt.init(params);
    const g = { a: tf.ones([3]) };
    const before = tf.memory().numTensors;
    expect(() => opt.update(g, state, params)).toThrow(/chain.update: updates leaf a has shape \[3\] but params has \[2\]/);
    expect(tf.memory().numTensors).toBe(before);
    tree.dispose(params, state, g);
  });
});
