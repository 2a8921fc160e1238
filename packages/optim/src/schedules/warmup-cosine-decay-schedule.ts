import type { Schedule } from './schedule.js';
import { checkValue } from '../internal/hyper.js';

/**
 * Linear warm-up from `init` to `peak` over `warmupSteps`, then cosine decay to `end` by step
 * `warmupSteps + decaySteps`, then constant.
 *
 * @param options.peak - the value at the end of warm-up.
 * @param options.warmupSteps - length of the warm-up (default `0`).
 * @param options.decaySteps - length of the cosine part (> 0).
 * @param options.init - the value at step 0 (default `0`).
 * @param options.end - the final value (default `0`).
 * @returns a schedule.
 * @example
 * const s = warmupCosineDecaySchedule({ peak: 1e-3, warmupSteps: 100, decaySteps: 900 });
 * s(100); // 0.001
 * s(550); // 0.0005
 * @see Loshchilov & Hutter (2017), SGDR: Stochastic Gradient Descent with Warm Restarts.
 */
export function warmupCosineDecaySchedule({
  peak,
  warmupSteps = 0,
  decaySteps,
  init = 0,
  end = 0,
}: {
  peak: number;
  warmupSteps?: number;
  decaySteps: number;
  init?: number;
  end?: number;
}): Schedule {
  const where = 'warmupCosineDecaySchedule';
  checkValue(where, 'peak', peak, 'any');
  checkValue(where, 'warmupSteps', warmupSteps, 'nonNegative');
  checkValue(where, 'decaySteps', decaySteps, 'positive');
  checkValue(where, 'init', init, 'any');
  checkValue(where, 'end', end, 'any');
  return (step) => {
    if (step < warmupSteps) return init + ((peak - init) * step) / warmupSteps;
    const f = Math.min((step - warmupSteps) / decaySteps, 1);
    return end + 0.5 * (peak - end) * (1 + Math.cos(Math.PI * f));
  };
}
