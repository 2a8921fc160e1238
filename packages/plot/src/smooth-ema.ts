/**
 * Exponential moving average with bias correction, as TensorBoard's scalar smoothing.
 *
 * `s_t = m_t / (1 - w^t)` with `m_t = w m_{t-1} + (1 - w) v_t`, `m_0 = 0`: the first point is
 * the first value (no pull towards 0) and later points weigh the past by `w`.
 *
 * @param values - the raw series, in step order.
 * @param weight - smoothing weight `w` in `[0, 1)`; 0 returns the values unchanged (default 0.6).
 * @returns a new array of the same length.
 *
 * @example
 * ```ts
 * smoothEma([1, 0, 0], 0.5); // [1, 0.333…, 0.142…]  (m = 0.5, 0.25, 0.125; 1 - w^t = 0.5, 0.75, 0.875)
 * ```
 */
export function smoothEma(values: readonly number[], weight = 0.6): number[] {
  let m = 0;
  let correction = 1;
  return values.map((v) => {
    m = weight * m + (1 - weight) * v;
    correction *= weight;
    return weight === 0 ? v : m / (1 - correction);
  });
}
