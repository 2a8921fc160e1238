import type { Dataset } from '../dataset.js';
import { checkCount, pointsDataset, syntheticSetup, type SyntheticOptions } from './make.js';

/** Options of {@link spirals}. */
export interface SpiralsOptions extends SyntheticOptions {
  /** Number of arms, one class each. Default 2. */
  classes?: number;
  /** Turns each arm makes from the centre to radius 1. Default 1.75 (as in the TensorFlow Playground). */
  turns?: number;
}

/**
 * Interleaved spirals, the TensorFlow Playground's hardest set. Arm k (class k) holds points at
 * radius `r = j / m` (j = 0 … m−1 along the arm) and angle `2π·turns·r + 2πk/classes`, i.e.
 * `(r·sin θ, r·cos θ)`, plus Gaussian noise of standard deviation `noise` on each coordinate.
 *
 * @param options - `n` (200), `noise` (0.05), `seed` (0), `classes` (2), `turns` (1.75).
 * @returns a dataset with `x` float32 `[n, 2]` (columns `x0`, `x1`) and int32 labels.
 * @example
 * const ds = spirals({ n: 300, noise: 0.05, seed: 1 });
 * ds.describe().print();
 * @see Smilkov & Carter (2016), TensorFlow Playground, https://playground.tensorflow.org
 */
export function spirals(options: SpiralsOptions = {}): Dataset {
  const classes = checkCount('spirals(classes)', options.classes ?? 2, 2);
  const turns = options.turns ?? 1.75;
  const { n, noise, rng } = syntheticSetup('spirals', options, { n: 200, noise: 0.05 }, classes);
  const xy = new Float32Array(2 * n);
  const label = new Int32Array(n);
  const perArm = Math.ceil(n / classes);
  for (let i = 0; i < n; i++) {
    const k = i % classes;
    const j = Math.floor(i / classes);
    const r = j / perArm;
    const theta = 2 * Math.PI * turns * r + (2 * Math.PI * k) / classes;
    xy[2 * i] = r * Math.sin(theta) + noise * rng.normal();
    xy[2 * i + 1] = r * Math.cos(theta) + noise * rng.normal();
    label[i] = k;
  }
  return pointsDataset('spirals', xy, label, classes);
}
