/** The statistics of a sweep's summary: how often a claim held, and the spread of a metric. */

/** A proportion with its Wilson score interval. */
export interface Proportion {
  /** Successes. */
  readonly k: number;
  /** Trials. */
  readonly n: number;
  /** k / n (NaN when n = 0). */
  readonly fraction: number;
  /** Lower end of the interval. */
  readonly low: number;
  /** Upper end of the interval. */
  readonly high: number;
}

/**
 * The Wilson score interval of k successes in n trials: unlike the normal approximation it stays
 * inside [0, 1] and is sensible at k = 0 and k = n, which is where a claim that holds in every seed
 * sits.
 *
 * @param k - successes (0 ≤ k ≤ n).
 * @param n - trials.
 * @param z - the normal quantile (default 1.959964, a 95 % interval).
 * @returns the fraction and the interval; at n = 0 the interval is [0, 1].
 * @example
 * wilsonInterval(9, 10); // { k: 9, n: 10, fraction: 0.9, low: 0.596, high: 0.982 } (rounded)
 * @see Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
 */
export function wilsonInterval(k: number, n: number, z = 1.959964): Proportion {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || n < 0 || k > n) {
    throw new RangeError(`wilsonInterval: expected whole numbers 0 ≤ k ≤ n, received k = ${k}, n = ${n}`);
  }
  if (n === 0) return { k, n, fraction: NaN, low: 0, high: 1 };
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { k, n, fraction: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Mean and spread of a metric over the runs of one grid point. */
export interface Spread {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1 in the denominator; 0 for one value, NaN for none). */
  readonly sd: number;
  readonly min: number;
  readonly max: number;
}

/**
 * Mean, sample standard deviation, min and max of the finite numbers among `values` (others are
 * skipped: a failed run has no metric).
 *
 * @example
 * spread([1, 2, 3]); // { n: 3, mean: 2, sd: 1, min: 1, max: 3 }
 */
export function spread(values: readonly unknown[]): Spread {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { n, mean: NaN, sd: NaN, min: NaN, max: NaN };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const ss = xs.reduce((a, b) => a + (b - mean) ** 2, 0);
  return { n, mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0, min: Math.min(...xs), max: Math.max(...xs) };
}
