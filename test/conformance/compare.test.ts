import { describe, expect, it } from 'vitest';
import { compare } from './compare.js';

const tol = { rtol: 1e-3, atol: 1e-6 };

describe('compare', () => {
  it('passes within atol + rtol·|e| and reports the largest errors', () => {
    const r = compare({ a: [1, 2], b: 100 }, { a: [1.0005, 2], b: 100.05 }, tol);
    expect(r.pass).toBe(true);
    expect(r.maxAbsErr).toBeCloseTo(0.05, 10);
    expect(r.maxRelErr).toBeCloseTo(5e-4, 10);
  });

  it('fails just outside the tolerance and names the path', () => {
    const r = compare({ w: [[1, 2], [3, 4]] }, { w: [[1, 2], [3, 4.01]] }, tol);
    expect(r.pass).toBe(false);
    expect(r.detail).toMatch(/w\[1\]\[1\]/);
  });

  it('requires exactly the same shape', () => {
    expect(compare([[1, 2]], [[1, 2, 3]], tol)).toMatchObject({ pass: false, detail: expect.stringMatching(/expected 2 items, got 3/) });
    expect(compare([1], [[1]], tol).pass).toBe(false);
    expect(compare({ a: 1, b: 2 }, { a: 1 }, tol)).toMatchObject({ pass: false, detail: expect.stringMatching(/missing b/) });
  });

  it('treats NaN as a failure unless NaN is expected', () => {
    expect(compare([1], [NaN], tol).pass).toBe(false);
    expect(compare([NaN], [NaN], tol).pass).toBe(true);
  });
});
