import type { Schedule } from './schedule.js';
import { checkValue } from '../internal/hyper.js';

/**
 * A schedule that always returns `value`.
 *
 * @param value - the constant.
 * @returns a schedule.
 * @example
 * constantSchedule(0.1)(500); // 0.1
 */
export function constantSchedule(value: number): Schedule {
  checkValue('constantSchedule', 'value', value, 'any');
  return () => value;
}
