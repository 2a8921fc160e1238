import * as aq from 'arquero';
import { GradbookError } from '@gradbook/core';
import { Dataset } from '../dataset.js';
import { featureStore } from '../feature-store.js';
import { checkSeed, deriveSeed, seededRandom, type Rng } from '../random.js';

/** Options every synthetic set takes. */
export interface SyntheticOptions {
  /** Number of examples, split as evenly as possible over the classes (class of example i is i mod k). */
  n?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (or to the target). */
  noise?: number;
  /** Seed of every random draw (a whole number). Default 0. */
  seed?: number;
}

/** Checks `n`, `noise` and `seed` and returns the generator for `name`. */
export function syntheticSetup(name: string, o: SyntheticOptions, defaults: { n: number; noise: number }, minN = 1): { n: number; noise: number; rng: Rng } {
  const n = o.n ?? defaults.n;
  const noise = o.noise ?? defaults.noise;
  if (!Number.isInteger(n) || n < minN) throw new GradbookError(`${name}(n)`, `expected a whole number ≥ ${minN}, got ${n}`);
  if (typeof noise !== 'number' || !Number.isFinite(noise) || noise < 0) {
    throw new GradbookError(`${name}(noise)`, `expected a finite number ≥ 0 (a standard deviation), got ${noise}`);
  }
  const seed = checkSeed(name, o.seed ?? 0);
  return { n, noise, rng: seededRandom(deriveSeed(seed, name)) };
}

/** Checks a positive whole-number option. */
export function checkCount(where: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min) throw new GradbookError(where, `expected a whole number ≥ ${min}, got ${value}`);
  return value;
}

/** Wraps generated 2-D points and class labels as a dataset with columns `index`, `x0`, `x1`, `label`. */
export function pointsDataset(name: string, xy: Float32Array, label: Int32Array, numClasses: number): Dataset {
  const n = label.length;
  const index = new Int32Array(n);
  const x0 = new Float32Array(n);
  const x1 = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    index[i] = i;
    x0[i] = xy[2 * i];
    x1[i] = xy[2 * i + 1];
  }
  return new Dataset({
    table: aq.table({ index, x0, x1, label }),
    store: featureStore(xy, n, 2, 1, ['x0', 'x1']),
    itemShape: [2],
    label: 'label',
    task: 'classification',
    numClasses,
    name,
    where: name,
  });
}
