import type { Dataset } from '../dataset.js';
import { pointsDataset, syntheticSetup, type SyntheticOptions } from './make.js';

/**
 * Two interleaving half circles (scikit-learn's `make_moons`, with random angles): class 0 at
 * `(cos t, sin t)`, class 1 at `(1 − cos t, 0.5 − sin t)`, `t` uniform in [0, π], plus Gaussian noise
 * of standard deviation `noise` on each coordinate.
 *
 * @param options - `n` (200), `noise` (0.1), `seed` (0).
 * @returns a dataset with `x` float32 `[n, 2]` (columns `x0`, `x1`) and int32 labels 0/1.
 * @example
 * const ds = moons({ n: 200, noise: 0.1, seed: 0 });
 * const { x, y } = ds.toTensors(); // [200, 2], [200]
 */
export function moons(options: SyntheticOptions = {}): Dataset {
  const { n, noise, rng } = syntheticSetup('moons', options, { n: 200, noise: 0.1 }, 2);
  const xy = new Float32Array(2 * n);
  const label = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const t = Math.PI * rng.uniform();
    const x = c === 0 ? Math.cos(t) : 1 - Math.cos(t);
    const y = c === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
    xy[2 * i] = x + noise * rng.normal();
    xy[2 * i + 1] = y + noise * rng.normal();
    label[i] = c;
  }
  return pointsDataset('moons', xy, label, 2);
}
