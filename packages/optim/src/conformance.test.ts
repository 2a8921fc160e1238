import { afterAll, describe, expect, it } from 'vitest';
import { setBackend, tf } from '@gradbook/core';
import { casesOfKind, excess } from './test-utils/cases.js';
import optimizerTrajectory from '../../../test/conformance/kinds/optimizer-trajectory.js';
import samQuadratic from '../../../test/conformance/kinds/sam-quadratic.js';
import mgdaTwoTask from '../../../test/conformance/kinds/mgda-two-task.js';

const KINDS: Record<string, (c: any) => Promise<unknown>> = {
  'optimizer-trajectory': optimizerTrajectory,
  'sam-quadratic': samQuadratic,
  'mgda-two-task': mgdaTwoTask,
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
        // mgda-two-task keeps its expected values per item
        const expected = c.expected ?? c.items.map((item: { expected: unknown }) => item.expected);
        expect(excess(expected, computed, c.tolerance)).toBeLessThanOrEqual(0);
      });
    }
  }
});
