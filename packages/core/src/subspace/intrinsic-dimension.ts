import { GradbookError } from '../errors.js';

/** Options of {@link intrinsicDimension}. */
export interface IntrinsicDimensionOptions {
  /** Candidate subspace dimensions (sorted and deduplicated here). */
  dims: readonly number[];
  /** Trains in a subspace of this dimension and returns the accuracy reached (e.g. on held-out data). */
  accuracyAt: (dim: number) => number | Promise<number>;
  /** The accuracy of the full model, trained in all its parameters. */
  fullAccuracy: number;
  /** The fraction of `fullAccuracy` to reach. Default 0.9 (d_int90). */
  fraction?: number;
  /**
   * `'bisect'` (default) assumes accuracy grows with d and tries about log₂ of the candidates;
   * `'sweep'` tries every candidate, in increasing order (the whole curve).
   */
  strategy?: 'bisect' | 'sweep';
  /** Stops between trials with the signal's reason. */
  signal?: AbortSignal;
}

/** What {@link intrinsicDimension} returns. */
export interface IntrinsicDimension {
  /** The smallest tried d whose accuracy reached the threshold, or `undefined` if none did. */
  readonly dim: number | undefined;
  /** `fraction · fullAccuracy`. */
  readonly threshold: number;
  /** Every trial, sorted by d. */
  readonly trials: readonly { readonly dim: number; readonly accuracy: number }[];
}

/**
 * The intrinsic dimension d_int90: the smallest subspace dimension d at which training `θ0 + P·d`
 * ({@link subspaceModel}) reaches 90 % (`fraction`) of the full model's accuracy, over the given
 * candidates. Li et al. report 750 for the fully connected 784-200-200-10 network on MNIST.
 *
 * @param options - `dims`, `accuracyAt(dim)`, `fullAccuracy`; `fraction` (0.9), `strategy` ('bisect'), `signal`.
 * @returns the dimension found, the threshold and the trials.
 * @example
 * const { dim, trials } = await intrinsicDimension({
 *   dims: [100, 200, 400, 800, 1600],
 *   fullAccuracy: 0.98,
 *   accuracyAt: async (d) => trainInSubspace(d), // your training run: returns its test accuracy
 * });
 * @see Li, Farkhoor, Liu, Yosinski (2018), Measuring the Intrinsic Dimension of Objective Landscapes (ICLR), §2.
 */
export async function intrinsicDimension(options: IntrinsicDimensionOptions): Promise<IntrinsicDimension> {
  const where = 'intrinsicDimension';
  const { accuracyAt, fullAccuracy, fraction = 0.9, strategy = 'bisect', signal } = options;
  if (!Array.isArray(options.dims) || options.dims.length === 0 || !options.dims.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new GradbookError(`${where}(dims)`, `expected a non-empty list of whole numbers ≥ 1, got ${JSON.stringify(options.dims)}`);
  }
  if (typeof accuracyAt !== 'function') throw new GradbookError(`${where}(accuracyAt)`, 'expected a function dim => accuracy (train in a subspace of that dimension)');
  if (!(Number.isFinite(fullAccuracy) && fullAccuracy > 0)) throw new GradbookError(`${where}(fullAccuracy)`, `expected the full model's accuracy, a number > 0, got ${fullAccuracy}`);
  if (!(fraction > 0 && fraction <= 1)) throw new GradbookError(`${where}(fraction)`, `expected a fraction in (0, 1], got ${fraction}`);
  if (strategy !== 'bisect' && strategy !== 'sweep') throw new GradbookError(`${where}(strategy)`, `expected 'bisect' or 'sweep', got ${JSON.stringify(strategy)}`);
  const dims = [...new Set(options.dims)].sort((a, b) => a - b);
  const threshold = fraction * fullAccuracy;
  const seen = new Map<number, number>();
  const trial = async (dim: number): Promise<boolean> => {
    signal?.throwIfAborted();
    if (!seen.has(dim)) {
      const a = await accuracyAt(dim);
      if (typeof a !== 'number' || Number.isNaN(a)) throw new GradbookError(`${where}(accuracyAt)`, `returned ${a} for dim ${dim}, expected an accuracy`);
      seen.set(dim, a);
    }
    return seen.get(dim)! >= threshold;
  };
  let found: number | undefined;
  if (strategy === 'sweep') {
    for (const d of dims) if ((await trial(d)) && found === undefined) found = d;
  } else {
    // The first candidate that reaches the threshold, assuming reaching it is monotone in d.
    let lo = 0;
    let hi = dims.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (await trial(dims[mid]!)) hi = mid;
      else lo = mid + 1;
    }
    found = dims[lo];
  }
  const trials = [...seen].map(([dim, accuracy]) => ({ dim, accuracy })).sort((a, b) => a.dim - b.dim);
  return { dim: found, threshold, trials };
}
