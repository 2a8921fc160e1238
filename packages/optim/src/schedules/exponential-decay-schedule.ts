import type { Schedule } from './schedule.js';
import { checkValue } from '../internal/hyper.js';

/**
 * Exponential decay: `init · decayRate^(step / transitionSteps)` (with `staircase`, the exponent is
 * rounded down), never below `end` when given.
 *
 * @param options.init - the starting value.
 * @param options.decayRate - the factor per `transitionSteps` (> 0).
 * @param options.transitionSteps - steps per factor (default `1`).
 * @param options.staircase - decay in whole steps (default `false`).
 * @param options.end - a floor (for decayRate < 1) or ceiling (> 1); none by default.
 * @returns a schedule.
 * @example
 * exponentialDecaySchedule({ init: 1, decayRate: 0.5, transitionSteps: 10 })(20); // 0.25
 */
export function exponentialDecaySchedule({
  init,
  decayRate,
  transitionSteps = 1,
  staircase = false,
  end,
}: {
  init: number;
  decayRate: number;
  transitionSteps?: number;
  staircase?: boolean;
  end?: number;
}): Schedule {
  const where = 'exponentialDecaySchedule';
  checkValue(where, 'init', init, 'any');
  checkValue(where, 'decayRate', decayRate, 'positive');
  checkValue(where, 'transitionSteps', transitionSteps, 'positive');
  if (end !== undefined) checkValue(where, 'end', end, 'any');
  return (step) => {
    const e = step / transitionSteps;
    const v = init * decayRate ** (staircase ? Math.floor(e) : e);
    if (end === undefined) return v;
    return decayRate < 1 ? Math.max(v, end) : Math.min(v, end);
  };
}
