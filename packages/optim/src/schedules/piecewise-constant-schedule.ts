import { GradbookError } from '@gradbook/core';
import type { Schedule } from './schedule.js';
import { checkValue } from '../internal/hyper.js';

/**
 * A piecewise-constant schedule: starts at `init` and, from each boundary step on, is multiplied by
 * that boundary's factor (optax's `piecewise_constant_schedule`).
 *
 * @param options.init - the starting value.
 * @param options.boundaries - `{ step: factor }`, e.g. `{ 1000: 0.1, 2000: 0.1 }` divides by 10 twice.
 * @returns a schedule.
 * @example
 * const s = piecewiseConstantSchedule({ init: 0.1, boundaries: { 100: 0.1 } });
 * s(99); // 0.1
 * s(100); // 0.01
 */
export function piecewiseConstantSchedule({ init, boundaries = {} }: { init: number; boundaries?: Record<number, number> }): Schedule {
  const where = 'piecewiseConstantSchedule';
  checkValue(where, 'init', init, 'any');
  const cuts = Object.entries(boundaries)
    .map(([k, v]) => {
      const step = Number(k);
      if (!Number.isInteger(step) || step < 0) throw new GradbookError(where, `boundary '${k}' is not a step count; use non-negative integers as keys`);
      checkValue(where, `boundaries[${k}]`, v, 'any');
      return [step, v] as const;
    })
    .sort((a, b) => a[0] - b[0]);
  return (step) => cuts.reduce((v, [s, f]) => (step >= s ? v * f : v), init);
}
