import { describe, expect, it } from 'vitest';
import { smoothEma } from './smooth-ema.js';

describe('smoothEma', () => {
  it('matches a hand-computed bias-corrected average', () => {
    // m = 0.5, 0.25, 0.125 + 0.5·4 = 2.125; 1 - w^t = 0.5, 0.75, 0.875
    const s = smoothEma([1, 0, 4], 0.5);
    expect(s[0]).toBeCloseTo(1, 12);
    expect(s[1]).toBeCloseTo(1 / 3, 12);
    expect(s[2]).toBeCloseTo(2.125 / 0.875, 12);
  });

  it('leaves a constant series constant and weight 0 unchanged', () => {
    for (const v of smoothEma([3, 3, 3, 3], 0.9)) expect(v).toBeCloseTo(3, 12);
    expect(smoothEma([1, 5, 2], 0)).toEqual([1, 5, 2]);
  });

  it('defaults to weight 0.6', () => {
    expect(smoothEma([1, 0])[1]).toBeCloseTo((0.6 * 0.4) / (1 - 0.36), 12);
  });
});
