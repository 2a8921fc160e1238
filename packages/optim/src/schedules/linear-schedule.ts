import type { Schedule } from './schedule.js';
import { checkValue } from '../internal/hyper.js';

/**
 * Linear interpolation from `init` to `end` over `steps` updates starting at `begin`; constant
 * before and after.
 *
 * @param options.init - value up to step `begin`.
 * @param options.end - value from step `begin + steps` on.
 * @param options.steps - length of the ramp (> 0).
 * @param options.begin - first step of the ramp (default `0`).
 * @returns a schedule.
 * @example
 * const s = linearSchedule({ init: 1, end: 0, steps: 10 });
 * s(5); // 0.5
 */
export function linearSchedule({ init, end, steps, begin = 0 }: { init: number; end: number; steps: number; begin?: number }): Schedule {
  const where = 'linearSchedule';
  checkValue(where, 'init', init, 'any');
  checkValue(where, 'end', end, 'any');
  checkValue(where, 'steps', steps, 'positive');
  checkValue(where, 'begin', begin, 'nonNegative');
  return (step) => {
    const f = Math.min(Math.max((step - begin) / steps, 0), 1);
    return init + (end - init) * f;
  };
}
