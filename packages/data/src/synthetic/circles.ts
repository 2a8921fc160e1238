import { GradbookError } from '@gradbook/core';
import type { Dataset } from '../dataset.js';
import { pointsDataset, syntheticSetup, type SyntheticOptions } from './make.js';

/** Options of {@link circles}. */
export interface CirclesOptions extends SyntheticOptions {
  /** Radius of the inner circle (class 1) relative to the outer one (class 0, radius 1). Default 0.5. */
  factor?: number;
}

/**
 * Two concentric circles (the TensorFlow Playground's "circle", scikit-learn's `make_circles` with
 * random angles): class 0 on the unit circle, class 1 on the circle of radius `factor`, plus Gaussian
 * noise of standard deviation `noise` on each coordinate.
 *
 * @param options - `n` (200), `noise` (0.05), `seed` (0), `factor` (0.5).
 * @returns a dataset with `x` float32 `[n, 2]` (columns `x0`, `x1`) and int32 labels 0/1.
 * @example
 * const ds = circles({ n: 400, factor: 0.3 });
 */
export function circles(options: CirclesOptions = {}): Dataset {
  const factor = options.factor ?? 0.5;
  if (!(factor > 0 && factor < 1)) throw new GradbookError('circles(factor)', `expected a number strictly between 0 and 1, got ${factor}`);
  const { n, noise, rng } = syntheticSetup('circles', options, { n: 200, noise: 0.05 }, 2);
  const xy = new Float32Array(2 * n);
  const label = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const r = c === 0 ? 1 : factor;
    const t = 2 * Math.PI * rng.uniform();
    xy[2 * i] = r * Math.cos(t) + noise * rng.normal();
    xy[2 * i + 1] = r * Math.sin(t) + noise * rng.normal();
    label[i] = c;
  }
  return pointsDataset('circles', xy, label, 2);
}
