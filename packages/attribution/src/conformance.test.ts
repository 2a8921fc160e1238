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

const runs = (['cpu', 'wasm'] as const).flatMap((backend) => (['core', 'independent'] as const).map((builder) => [backend, builder] as const));

describe.each(runs)('the shipped conformance cases on %s, model from %s spec code', (backend, builder) => {
  afterAll(() => setBackend('cpu'));
  it.each(names)('%s matches the float64 reference', async (name) => {
    await setBackend(backend);
    const c = await loadCase(name);
    const before = tf.memory().numTensors;
    const got = tf.tidy(() => computeCase(c, builder));
    expect(tf.memory().numTensors).toBe(before);
    expect(excess(got, c.expected, c.tolerance)).toBeLessThanOrEqual(0);
  });
});

it('every attribution kind among the shipped cases is covered here', async () => {
  const { readdirSync } = await import('node:fs');
  const path = await import('node:path');
  const c = await loadCase('saliency-mlp-public');
  expect(c.kind).toBe('input-gradient');
  const kinds = ['input-gradient', 'integrated-gradients', 'smoothgrad', 'grad-cam', 'hessian-spectrum', 'empirical-ntk', 'fisher-diagonal', 'weight-saliency', 'selective-synaptic-dampening'];
  const dir = path.resolve(new URL('.', import.meta.url).pathname, '../../../../shared/conformance/cases');
  const shipped: string[] = [];
  for (const f of readdirSync(process.env.GRADBOOK_SHARED ? path.join(process.env.GRADBOOK_SHARED, 'conformance', 'cases') : dir)) {
    const k = (await loadCase(f.replace(/\.json$/, ''))).kind;
    if (kinds.includes(k)) shipped.push(f.replace(/\.json$/, ''));
  }
  expect(shipped.sort()).toEqual([...names].sort());
});
