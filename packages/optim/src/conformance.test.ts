import { afterAll, describe, expect, it } from 'vitest';
import { setBackend, tf } from '@gradbook/core';
import { casesOfKind, excess } from './test-utils/cases.js';
import optimizerTrajectory from '../../../test/conformance/kinds/optimizer-trajectory.js';

const KINDS: Record<string, (c: any) => Promise<unknown>> = {
  'optimizer-trajectory': optimizerTrajectory,
};

describe.each(['cpu', 'wasm'])('conformance cases on %s', (backend) => {
  afterAll(async () => {
    await setBackend('cpu');
  });
  for (const [kind, compute] of Object.entries(KINDS)) {
    const cases = casesOfKind(kind);
    it(`has ${kind} cases`, () => expect(cases.length).toBeGreaterThan(0));
    for (const c of cases) {
      it(`${c.id} matches the float64 reference`, async () => {
        await setBackend(backend as 'cpu' | 'wasm');
        const before = tf.memory().numTensors;
        const computed = await compute(c);
        expect(tf.memory().numTensors).toBe(before);
        expect(excess(c.expected, computed, c.tolerance)).toBeLessThanOrEqual(0);
      });
    }
  }
});
