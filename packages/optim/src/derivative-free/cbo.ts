import { GradbookError, formatShape, tf } from '@gradbook/core';
import type { Tensor1D, Tensor2D } from '@gradbook/core';
import { checkValue } from '../internal/hyper.js';

/** An objective evaluated for many points at once: `[n, d]` → `[n]`. */
export type BatchObjective = (points: Tensor2D) => Tensor1D;

/** Options of {@link cboStep} and {@link cbo}. */
export interface CboOptions {
  /** α, the inverse temperature of the weights `exp(−α f)` (default `50`). */
  alpha?: number;
  /** λ, the drift towards the consensus (default `1`). */
  lambda?: number;
  /** σ, the noise strength (default `0.8`). */
  sigma?: number;
  /** The time step (default `0.01`). */
  dt?: number;
  /** Noise per coordinate, `σ·|x − m|` (default `true`); else isotropic `σ‖x − m‖`. */
  anisotropic?: boolean;
  /** Seed of the noise (default `0`). */
  seed?: number;
}

/**
 * The consensus point `m_α = Σ xᵢ·exp(−α f(xᵢ)) / Σ exp(−α f(xᵢ))` of particles, computed with the
 * minimum subtracted for stability (a softmax of `−α f`).
 *
 * @param f - the batch objective. @param particles - `[n, d]`. @param alpha - α (default `50`).
 * @returns `consensus` `[d]` and the particles' `values` `[n]` (new tensors).
 * @example
 * const { consensus, values } = consensusPoint(rastrigin, particles, 50);
 */
export function consensusPoint(f: BatchObjective, particles: Tensor2D, alpha = 50): { consensus: Tensor1D; values: Tensor1D } {
  return tf.tidy(() => {
    const values = f(particles);
    if (values.rank !== 1 || values.shape[0] !== particles.shape[0]) {
      throw new GradbookError('cbo(f)', `the objective must map [n, d] points to [n] values; it returned shape ${formatShape(values.shape)} for ${formatShape(particles.shape)}`);
    }
    const w = tf.softmax(tf.mul(values, -alpha)); // exp(−α(f − min f)), normalised
    const consensus = tf.matMul(w.reshape([1, -1]), particles).reshape([-1]) as Tensor1D;
    return { consensus, values: tf.clone(values) as Tensor1D };
  });
}

/**
 * One Euler–Maruyama step of consensus-based optimisation: every particle drifts towards the
 * consensus point and diffuses in proportion to its distance from it,
 * `x ← x − λ·dt·(x − m) + σ·√dt·(x − m) ⊙ ξ` (anisotropic) or `σ·√dt·‖x − m‖·ξ` (isotropic), ξ ~ N(0, I).
 *
 * @param f - the batch objective `[n, d] → [n]`.
 * @param particles - the current particles `[n, d]` (not disposed).
 * @param options - see {@link CboOptions}; pass a different `seed` each step.
 * @returns the new `particles`, the `consensus` before the step, and its objective `value` (new tensors).
 * @example
 * let X = tf.randomUniform([100, 2], -5, 5);
 * const r = cboStep(rastrigin, X, { seed: step });
 * @see Pinnau, Totzeck, Tse & Martin (2017), A consensus-based model for global optimization; Carrillo, Jin, Li & Zhu (2021), anisotropic CBO.
 */
export function cboStep(
  f: BatchObjective,
  particles: Tensor2D,
  { alpha = 50, lambda = 1, sigma = 0.8, dt = 0.01, anisotropic = true, seed = 0 }: CboOptions = {},
): { particles: Tensor2D; consensus: Tensor1D; value: number } {
  const where = 'cboStep';
  checkValue(where, 'alpha', alpha, 'nonNegative');
  checkValue(where, 'lambda', lambda, 'nonNegative');
  checkValue(where, 'sigma', sigma, 'nonNegative');
  checkValue(where, 'dt', dt, 'positive');
  if (particles.rank !== 2) throw new GradbookError(where, `particles must be [n, d], received ${formatShape(particles.shape)}`);
  const { consensus, values } = consensusPoint(f, particles, alpha);
  const next = tf.tidy(() => {
    const diff = tf.sub(particles, consensus);
    const noise = tf.randomNormal(particles.shape, 0, 1, 'float32', seed);
    const spread = anisotropic ? tf.mul(diff, noise) : tf.mul(tf.norm(diff, 2, 1, true), noise);
    return tf.add(tf.sub(particles, tf.mul(diff, lambda * dt)), tf.mul(spread, sigma * Math.sqrt(dt))) as Tensor2D;
  });
  const v = tf.tidy(() => f(consensus.reshape([1, -1]) as Tensor2D));
  const value = v.dataSync()[0]!;
  tf.dispose([v, values]);
  return { particles: next, consensus, value };
}

/**
 * Consensus-based optimisation: a derivative-free global optimiser. Particles drift towards a
 * Gibbs-weighted average of themselves and explore with noise that vanishes as they agree.
 *
 * @param f - the batch objective `[n, d] → [n]`.
 * @param initial - the starting particles `[n, d]` (not disposed).
 * @param options.steps - number of steps (default `500`); other options as {@link CboOptions}; step k uses seed `seed + k`.
 * @returns the final `consensus` `[d]` and `particles` (new tensors), and `values`, the objective at the consensus per step.
 * @example
 * const X0 = tf.randomUniform([200, 2], -5, 5, 'float32', 1);
 * const { consensus } = cbo(rastrigin, X0, { steps: 500 });
 * @see Pinnau et al. (2017); Carrillo, Choi, Totzeck & Tse (2018), An analytical framework for consensus-based global optimization.
 */
export function cbo(f: BatchObjective, initial: Tensor2D, { steps = 500, seed = 0, ...options }: CboOptions & { steps?: number } = {}): { consensus: Tensor1D; particles: Tensor2D; values: number[] } {
  checkValue('cbo', 'steps', steps, 'nonNegative');
  let particles = tf.clone(initial) as Tensor2D;
  const values: number[] = [];
  for (let k = 0; k < steps; k++) {
    const r = cboStep(f, particles, { ...options, seed: seed + k });
    particles.dispose();
    r.consensus.dispose();
    particles = r.particles;
    values.push(r.value);
  }
  const { consensus, values: last } = consensusPoint(f, particles, options.alpha ?? 50);
  last.dispose();
  return { consensus, particles, values };
}

