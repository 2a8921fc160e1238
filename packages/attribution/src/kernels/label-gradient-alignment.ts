import { GradbookError, ShapeError, formatShape, tf } from '@gradbook/core';
import type { Tensor } from '@gradbook/core';

/**
 * Label-gradient alignment: the centred cosine between a kernel (the empirical NTK) and the label
 * kernel `Lᵢⱼ = [yᵢ = yⱼ]`, `⟨Θ − mean Θ, L − mean L⟩_F / (‖Θ − mean Θ‖_F ‖L − mean L‖_F)`. High
 * values mean the gradients of same-class examples point alike: a training-free architecture score.
 *
 * @param kernel - a `[n, n]` kernel, e.g. from {@link empiricalNtk}.
 * @param labels - integer labels `[n]` (a tensor or an array).
 * @returns the alignment, in [−1, 1].
 * @example
 * labelGradientAlignment(empiricalNtk({ model, params, x }), y); // e.g. 0.42
 * @see Mok, Na, Kim, Han, Yoon (2022), Demystifying the Neural Tangent Kernel from a Practical Perspective.
 */
export function labelGradientAlignment(kernel: Tensor, labels: Tensor | readonly number[]): number {
  const where = 'labelGradientAlignment';
  const ys = Array.isArray(labels) ? (labels as number[]) : Array.from((labels as Tensor).dataSync());
  const n = ys.length;
  if (kernel.rank !== 2 || kernel.shape[0] !== n || kernel.shape[1] !== n) {
    throw new ShapeError(`${where}(kernel)`, `expected a [${n}, ${n}] kernel for ${n} labels, received ${formatShape(kernel.shape)}`, [n, n], kernel.shape);
  }
  const k = kernel.dataSync();
  let mk = 0;
  let ml = 0;
  for (let i = 0; i < n * n; i++) {
    mk += k[i]!;
    ml += ys[Math.floor(i / n)] === ys[i % n] ? 1 : 0;
  }
  mk /= n * n;
  ml /= n * n;
  let kl = 0;
  let kk = 0;
  let ll = 0;
  for (let i = 0; i < n * n; i++) {
    const a = k[i]! - mk;
    const b = (ys[Math.floor(i / n)] === ys[i % n] ? 1 : 0) - ml;
    kl += a * b;
    kk += a * a;
    ll += b * b;
  }
  if (kk === 0 || ll === 0) throw new GradbookError(where, 'the kernel or the labels are constant, so the alignment is undefined; use a batch with at least two classes');
  return kl / Math.sqrt(kk * ll);
}
