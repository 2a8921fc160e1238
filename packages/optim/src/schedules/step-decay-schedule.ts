import type { Schedule } from './schedule.js';
import { checkValue } from '../internal/hyper.js';

/**
 * Step decay (PyTorch's `StepLR`): `init · gamma^⌊step / stepSize⌋`.
 *
 * @param options.init - the starting value.
 * @param options.stepSize - steps between decays (> 0).
 * @param options.gamma - the factor per decay (default `0.1`).
 * @returns a schedule.
 * @example
 * stepDecaySchedule({ init: 0.1, stepSize: 30 })(65); // 0.001
 */
export function stepDecaySchedule({ init, stepSize, gamma = 0.1 }: { init: number; stepSize: number; gamma?: number }): Schedule {
  const where = 'stepDecaySchedule';
  checkValue(where, 'init', init, 'any');
  checkValue(where, 'stepSize', stepSize, 'positive');
  checkValue(where, 'gamma', gamma, 'nonNegative');
  return (step) => init * gamma ** Math.floor(step / stepSize);
}
