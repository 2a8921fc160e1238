import { afterAll, describe, expect, it } from 'vitest';
import { grad, hvp, setBackend, tf, tree } from '@gradbook/core';
import type { Params } from '@gradbook/core';
import { casesOfKind } from '@gradbook/conformance-cases';
import { crossEntropy2, excess, specModel } from './spec-model.js';

// The independent spec model must itself be right on the model kinds, or the attribution tests that
// build on it prove nothing: the forward, gradient and H·v cases (normalisation and embedding layers
// included). Gradients and H·v skip models with conv2d: the independent model uses tfjs's own conv2d,
// whose filter gradient is missing on wasm and cannot be differentiated twice anywhere (core's conv
// op exists for that reason); the attribution kinds it serves need input gradients only.
const noConv = (c: any): boolean => !c.model.layers.some((l: { type: string }) => l.type === 'conv2d');
const json = (t: unknown): any => (t instanceof tf.Tensor ? t.arraySync() : Object.fromEntries(Object.entries(t as object).map(([k, v]) => [k, json(v)])));
const tensors = (t: unknown): any => (Array.isArray(t) ? tf.tensor(t as number[]) : Object.fromEntries(Object.entries(t as object).map(([k, v]) => [k, tensors(v)])));

describe.each(['cpu', 'wasm'] as const)('the independent spec model on %s', (backend) => {
  afterAll(() => setBackend('cpu'));

  it.each(casesOfKind('model-forward').map((c) => [c.id, c] as const))('%s: logits', async (_id, c: any) => {
    await setBackend(backend);
    const before = tf.memory().numTensors;
    const { model, params } = specModel(c.model);
    const out = tf.tidy(() => json(model.apply(params, tf.tensor(c.input))));
    tree.dispose(params);
    expect(tf.memory().numTensors).toBe(before);
    expect(excess(out, c.expected, c.tolerance)).toBeLessThanOrEqual(0);
  });

  it.each(casesOfKind('loss-gradient').filter(noConv).map((c) => [c.id, c] as const))('%s: loss and gradient', async (_id, c: any) => {
    await setBackend(backend);
    const { model, params } = specModel(c.model);
    const got = tf.tidy(() => {
      const x = tf.tensor(c.inputs);
      const y = tf.tensor1d(c.labels, 'int32');
      const f = (p: Params) => crossEntropy2(model.apply(p, x), y);
      return { loss: f(params).dataSync()[0], gradient: json(grad(f)(params)) };
    });
    tree.dispose(params);
    expect(excess(got, c.expected, c.tolerance)).toBeLessThanOrEqual(0);
  });

  it.each(casesOfKind('hessian-vector-product').filter(noConv).map((c) => [c.id, c] as const))('%s: H·v', async (_id, c: any) => {
    await setBackend(backend);
    const { model, params } = specModel(c.model);
    const got = tf.tidy(() => {
      const x = tf.tensor(c.inputs);
      const y = tf.tensor1d(c.labels, 'int32');
      return json(hvp((p: Params) => crossEntropy2(model.apply(p, x), y), params, tensors(c.vector)));
    });
    tree.dispose(params);
    expect(excess(got, c.expected, c.tolerance)).toBeLessThanOrEqual(0);
  });
});
