import { describe, expect, it } from 'vitest';
import { expectedOf, runCase, type ConformanceCase } from './run-case.js';

const tolerance = { rtol: 1e-4, atol: 1e-6 };

describe('runCase', () => {
  it('reads per-item expected values when a case has no top-level one', () => {
    const c = { id: 'x', kind: 'mgda-two-task', tolerance, items: [{ g1: [1], g2: [2], expected: { weights: [1, 0] } }, { g1: [0], g2: [1], expected: 7 }] };
    expect(expectedOf(c)).toEqual([{ weights: [1, 0] }, 7]);
  });

  it('fails a case that has no expected value, saying so', async () => {
    const c: ConformanceCase = { id: 'no-expected', kind: 'model-forward', tolerance, model: { inputShape: [1], layers: [] }, input: [[1]] };
    expect(expectedOf(c)).toBeUndefined();
    expect(await runCase(c)).toMatchObject({ id: 'no-expected', pass: false, detail: 'the case has no expected value' });
  });

  it('reports an unknown kind as unsupported, and an adapter error as the failure detail', async () => {
    expect(await runCase({ id: 'k', kind: 'no-such-kind', tolerance, expected: 1 })).toMatchObject({ pass: false, detail: 'unsupported kind' });
    const bad = await runCase({ id: 'l', kind: 'loss-gradient', tolerance, expected: {}, loss: 'hinge', model: { inputShape: [1], layers: [] }, inputs: [[1]], labels: [0] });
    expect(bad.pass).toBe(false);
    expect(bad.detail).toMatch(/unknown loss "hinge"/);
  });

  it('fails a forward case whose expected logits are off by more than the tolerance', async () => {
    const model = { inputShape: [2], layers: [{ type: 'dense', name: 'd', kernel: [[1], [2]], bias: [0.5], activation: 'linear' }] };
    const right = await runCase({ id: 'f', kind: 'model-forward', tolerance, model, input: [[1, 1]], expected: [[3.5]] });
    const wrong = await runCase({ id: 'g', kind: 'model-forward', tolerance, model, input: [[1, 1]], expected: [[3.6]] });
    expect(right.pass).toBe(true);
    expect(wrong.pass).toBe(false);
    expect(wrong.maxAbsErr).toBeCloseTo(0.1, 5);
  });
});
