import { PlotError } from './plot-error.js';
import { describe } from './rows.js';

/** Checks a non-empty array (or typed array) of finite numbers (internal). */
export function toNumbers(where: string, argument: string, input: unknown): ArrayLike<number> {
  if (!Array.isArray(input) && !ArrayBuffer.isView(input)) {
    throw new PlotError(where, `${argument} must be an array or typed array of numbers, received ${describe(input)}`);
  }
  const values = input as ArrayLike<number>;
  if (values.length === 0) throw new PlotError(where, `${argument} is empty; pass at least one number`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new PlotError(where, `${argument}[${i}] is ${describe(v)}, expected a finite number; filter non-finite values first`);
    }
  }
  return values;
}
