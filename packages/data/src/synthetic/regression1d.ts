import * as aq from 'arquero';
import { GradbookError } from '@gradbook/core';
import { Dataset } from '../dataset.js';
import { featureStore } from '../feature-store.js';
import { syntheticSetup, type SyntheticOptions } from './make.js';

/** Options of {@link regression1d}. */
export interface Regression1dOptions extends SyntheticOptions {
  /** The clean function. Default `x => Math.sin(Math.PI * x)`. */
  fn?: (x: number) => number;
  /** Interval `[lo, hi]` the inputs are drawn from, uniformly. Default `[-1, 1]`. */
  range?: readonly [number, number];
}

/**
 * A 1-D regression set: `x` uniform in `range`, target `y = fn(x) + noise·ε` with ε standard normal.
 * The table has columns `index`, `x`, `y`; tensors are `x` float32 `[n, 1]` and `y` float32 `[n, 1]`.
 *
 * @param options - `n` (100), `noise` (0.1), `seed` (0), `fn` (sin πx), `range` ([-1, 1]).
 * @returns a regression dataset whose label column is `y`.
 * @example
 * const ds = regression1d({ n: 50, noise: 0.2, fn: (x) => x ** 3 });
 */
export function regression1d(options: Regression1dOptions = {}): Dataset {
  const fn = options.fn ?? ((x: number) => Math.sin(Math.PI * x));
  const [lo, hi] = options.range ?? [-1, 1];
  if (typeof fn !== 'function') throw new GradbookError('regression1d(fn)', 'expected a function of one number');
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
    throw new GradbookError('regression1d(range)', `expected [lo, hi] with finite lo < hi, got ${JSON.stringify(options.range)}`);
  }
  const { n, noise, rng } = syntheticSetup('regression1d', options, { n: 100, noise: 0.1 });
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    index[i] = i;
    x[i] = rng.range(lo, hi);
    const clean = fn(x[i]);
    if (!Number.isFinite(clean)) throw new GradbookError('regression1d(fn)', `fn(${x[i]}) gave ${clean}; it must be finite on the whole range`);
    y[i] = clean + noise * rng.normal();
  }
  return new Dataset({
    table: aq.table({ index, x, y }),
    store: featureStore(x.slice(), n, 1, 1, ['x']),
    itemShape: [1],
    label: 'y',
    task: 'regression',
    name: 'regression1d',
    where: 'regression1d',
  });
}
