import { GradbookError } from '@gradbook/core';
import type { Dataset } from '../dataset.js';
import { checkCount, pointsDataset, syntheticSetup, type SyntheticOptions } from './make.js';

/** Options of {@link blobs}. */
export interface BlobsOptions extends SyntheticOptions {
  /** How many blobs (spaced evenly on a circle of radius `radius`), or their centres. Default 3. */
  centers?: number | readonly (readonly [number, number])[];
  /** Radius of the circle the centres sit on when `centers` is a number. Default 2. */
  radius?: number;
}

/**
 * Gaussian blobs, one class each (the TensorFlow Playground's "gaussian" is `blobs({ centers:
 * [[2, 2], [-2, -2]] })`). Each point is its class centre plus Gaussian noise of standard deviation
 * `noise` on each coordinate. With `centers: k`, centre j sits at `radius·(cos 2πj/k, sin 2πj/k)`.
 *
 * @param options - `n` (200), `noise` (0.5), `seed` (0), `centers` (3), `radius` (2).
 * @returns a dataset with `x` float32 `[n, 2]` (columns `x0`, `x1`) and int32 labels 0 … k−1.
 * @example
 * const ds = blobs({ centers: 4, noise: 0.3 });
 */
export function blobs(options: BlobsOptions = {}): Dataset {
  const radius = options.radius ?? 2;
  let centers: (readonly [number, number])[];
  if (Array.isArray(options.centers)) {
    centers = options.centers.map((c, j) => {
      if (!Array.isArray(c) || c.length !== 2 || !c.every(Number.isFinite)) {
        throw new GradbookError('blobs(centers)', `centre ${j} must be a pair of finite numbers [x, y], got ${JSON.stringify(c)}`);
      }
      return [c[0], c[1]] as const;
    });
    if (centers.length === 0) throw new GradbookError('blobs(centers)', 'expected at least one centre');
  } else {
    const k = checkCount('blobs(centers)', (options.centers as number | undefined) ?? 3);
    centers = Array.from({ length: k }, (_, j) => [radius * Math.cos((2 * Math.PI * j) / k), radius * Math.sin((2 * Math.PI * j) / k)] as const);
  }
  const k = centers.length;
  const { n, noise, rng } = syntheticSetup('blobs', options, { n: 200, noise: 0.5 }, k);
  const xy = new Float32Array(2 * n);
  const label = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    xy[2 * i] = centers[c][0] + noise * rng.normal();
    xy[2 * i + 1] = centers[c][1] + noise * rng.normal();
    label[i] = c;
  }
  return pointsDataset('blobs', xy, label, k);
}
