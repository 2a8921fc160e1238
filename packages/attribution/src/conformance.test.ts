import { afterAll, describe, expect, it } from 'vitest';
import { setBackend, tf } from '@gradbook/core';
import { computeCase } from './test-utils/cases.js';
import { casesOfKind } from '@gradbook/conformance-cases';
import { excess, loadCase } from './test-utils/spec-model.js';

// Every case of the attribution kinds is run, so a new case of a known kind is checked without a code change.
const kinds = ['input-gradient', 'integrated-gradients', 'smoothgrad', 'grad-cam', 'hessian-spectrum', 'empirical-ntk', 'fisher-diagonal', 'weight-saliency', 'selective-synaptic-dampening', 'hutchinson-trace', 'label-gradient-alignment', 'gradsign'];
const names = kinds.flatMap((k) => casesOfKind(k).map((c) => c.id));

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

it('every attribution kind has cases', () => {
  for (const k of kinds) expect(casesOfKind(k).length, k).toBeGreaterThan(0);
  expect(names).toContain('saliency-mlp-public');
});
