import { describe, expect, it } from 'vitest';
import {
  constantSchedule,
  exponentialDecaySchedule,
  linearSchedule,
  piecewiseConstantSchedule,
  stepDecaySchedule,
  warmupCosineDecaySchedule,
} from '../index.js';

describe('schedules', () => {
  it('constantSchedule is constant', () => expect([0, 7, 1e6].map(constantSchedule(0.3))).toEqual([0.3, 0.3, 0.3]));
  it('linearSchedule ramps between begin and begin + steps', () => {
    const s = linearSchedule({ init: 2, end: 1, steps: 10, begin: 5 });
    expect([0, 5, 10, 15, 100].map(s)).toEqual([2, 2, 1.5, 1, 1]);
  });
  it('warmupCosineDecaySchedule warms up linearly, then follows half a cosine', () => {
    const s = warmupCosineDecaySchedule({ peak: 1, warmupSteps: 10, decaySteps: 20, end: 0.1 });
    expect(s(0)).toBe(0);
    expect(s(5)).toBeCloseTo(0.5, 12);
    expect(s(10)).toBeCloseTo(1, 12);
    expect(s(20)).toBeCloseTo(0.1 + 0.9 * 0.5, 12);
    expect(s(30)).toBeCloseTo(0.1, 12);
    expect(s(99)).toBeCloseTo(0.1, 12);
  });
  it('piecewiseConstantSchedule multiplies at each boundary', () => {
    const s = piecewiseConstantSchedule({ init: 1, boundaries: { 20: 0.5, 10: 0.1 } });
    expect([0, 9, 10, 19, 20].map(s)).toEqual([1, 1, 0.1, 0.1, 0.05]);
    expect(() => piecewiseConstantSchedule({ init: 1, boundaries: { '-1': 2 } as never })).toThrow(/not a step count/);
  });
  it('stepDecaySchedule divides by 1/gamma every stepSize steps', () => {
    const s = stepDecaySchedule({ init: 1, stepSize: 3, gamma: 0.5 });
    expect([0, 2, 3, 6, 8].map(s)).toEqual([1, 1, 0.5, 0.25, 0.25]);
  });
  it('exponentialDecaySchedule decays smoothly or in stairs, with a floor', () => {
    expect(exponentialDecaySchedule({ init: 1, decayRate: 0.5, transitionSteps: 10 })(5)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(exponentialDecaySchedule({ init: 1, decayRate: 0.5, transitionSteps: 10, staircase: true })(15)).toBe(0.5);
    expect(exponentialDecaySchedule({ init: 1, decayRate: 0.5, end: 0.2 })(10)).toBe(0.2);
    expect(() => exponentialDecaySchedule({ init: 1, decayRate: -1 })).toThrow(/decayRate must be a finite number > 0/);
  });
});
