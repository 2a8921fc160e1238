import { tf } from '@gradbook/core';
import type { Scalar, Tensor } from '@gradbook/core';

/** Rosenbrock's function `(1 − x)² + 100 (y − x²)²` of `{ w: [x, y] }`; minimum 0 at (1, 1). */
export function rosenbrock(p: { w: Tensor }): Scalar {
  return tf.tidy(() => {
    const x = p.w.slice([0], [1]);
    const y = p.w.slice([1], [1]);
    return tf.add(tf.square(tf.sub(1, x)), tf.mul(100, tf.square(tf.sub(y, tf.square(x))))).sum() as Scalar;
  });
}

/** An ill-conditioned convex quadratic `½ (w−c)ᵀ D (w−c)` with D = diag(1, 10); minimum at c = (1, −2). */
export const quadraticMinimum = [1, -2];
export function quadratic(p: { w: Tensor }): Scalar {
  return tf.tidy(() => tf.sum(tf.mul(tf.tensor1d([0.5, 5]), tf.square(tf.sub(p.w, tf.tensor1d(quadraticMinimum))))) as Scalar);
}
