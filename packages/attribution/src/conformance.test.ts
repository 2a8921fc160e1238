import { afterAll, describe, expect, it } from 'vitest';
import { setBackend, tf } from '@gradbook/core';
import { computeCase } from './test-utils/cases.js';
import { excess, loadCase } from './test-utils/spec-model.js';

const names = [
  'saliency-mlp-public',
  'saliency-cnn-public',
  'ig-mlp-public',
  'ig-cnn-public',
  'smoothgrad-mlp-public',
  'smoothgrad-cnn-public',
  'gradcam-cnn-public',
  'hessian-mlp-public',
  'ntk-mlp-public',
  'fisher-mlp-public',
  'weight-saliency-mlp-public',
  'ssd-mlp-public',
];

describe.each(['cpu', 'wasm'] as const)('the shipped conformance cases on %s', (backend) => {
  afterAll(() => setBackend('cpu'));
  it.each(names)('%s matches the float64 reference', async (name) => {
    await setBackend(backend);
    const c = await loadCase(name);
    const before = tf.memory().numTensors;
    const got = tf.tidy(() => computeCase(c));
    expect(tf.memory().numTensors).toBe(before);
    expect(excess(got, c.expected, c.tolerance)).toBeLessThanOrEqual(0);
  });
});
