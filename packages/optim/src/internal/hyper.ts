import { GradbookError } from '@gradbook/core';
import type { Schedule } from '../schedules/schedule.js';

/** A hyper-parameter: a fixed number, or a schedule of the step count. */
export type Hyper = number | Schedule;

/** What a hyper-parameter's value must satisfy. */
export type HyperRule = 'nonNegative' | 'beta' | 'positive' | 'any';

const RULE_TEXT: Record<HyperRule, string> = {
  nonNegative: 'a finite number ≥ 0',
  positive: 'a finite number > 0',
  beta: 'a number in [0, 1)',
  any: 'a finite number',
};

function fix(rule: HyperRule): string {
  switch (rule) {
    case 'beta':
      return 'pass a decay rate such as 0.9';
    case 'positive':
      return 'pass a small positive number';
    default:
      return 'pass a finite number such as 0.01, or a schedule returning one';
  }
}

/** Throws unless `value` obeys `rule`. */
export function checkValue(where: string, name: string, value: number, rule: HyperRule): void {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (rule === 'any' ||
      (rule === 'nonNegative' && value >= 0) ||
      (rule === 'positive' && value > 0) ||
      (rule === 'beta' && value >= 0 && value < 1));
  if (!ok) {
    throw new GradbookError(where, `${name} must be ${RULE_TEXT[rule]}, received ${String(value)}; ${fix(rule)}`);
  }
}

/** Checks a hyper-parameter when a transformation is built (schedules are checked at step 0). */
export function checkHyper(where: string, name: string, h: Hyper, rule: HyperRule): void {
  if (typeof h === 'function') checkValue(where, `${name}(0)`, h(0), rule);
  else checkValue(where, name, h, rule);
}

/** The value of a hyper-parameter at `count` updates done, checked against `rule`. */
export function valueAt(where: string, name: string, h: Hyper, count: number, rule: HyperRule): number {
  const v = typeof h === 'function' ? h(count) : h;
  checkValue(where, typeof h === 'function' ? `${name}(${count})` : name, v, rule);
  return v;
}
