import { GradbookError } from '@gradbook/core';
import type { Dataset } from '../dataset.js';
import { pointsDataset, syntheticSetup, type SyntheticOptions } from './make.js';

/** Options of {@link xor}. */
export interface XorOptions extends SyntheticOptions {
  /** Gap kept free on each side of the axes, in [0, 1). Default 0.05. */
  padding?: number;
}

/**
 * The exclusive-or pattern (the TensorFlow Playground's "xor"): points uniform in the square
 * [−1, 1]², kept `padding` away from the axes; class 0 where `x0·x1 > 0` (first and third
 * quadrants), class 1 elsewhere; then Gaussian noise of standard deviation `noise` on each
 * coordinate (labels stay those of the clean point).
 *
 * @param options - `n` (200), `noise` (0), `seed` (0), `padding` (0.05).
 * @returns a dataset with `x` float32 `[n, 2]` (columns `x0`, `x1`) and int32 labels 0/1.
 * @example
 * const ds = xor({ n: 200 });
 */
export function xor(options: XorOptions = {}): Dataset {
  const padding = options.padding ?? 0.05;
  if (!(padding >= 0 && padding < 1)) throw new GradbookError('xor(padding)', `expected a number in [0, 1), got ${padding}`);
  const { n, noise, rng } = syntheticSetup('xor', options, { n: 200, noise: 0 }, 2);
  const xy = new Float32Array(2 * n);
  const label = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const sx = rng.uniform() < 0.5 ? -1 : 1;
    const sy = c === 0 ? sx : -sx;
    xy[2 * i] = sx * (padding + (1 - padding) * rng.uniform()) + noise * rng.normal();
    xy[2 * i + 1] = sy * (padding + (1 - padding) * rng.uniform()) + noise * rng.normal();
    label[i] = c;
  }
  return pointsDataset('xor', xy, label, 2);
}
