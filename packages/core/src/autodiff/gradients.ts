import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { GradbookError, formatShape } from '../errors.js';

/**
 * Gradients of the scalar `f()` with respect to `xs`, through TensorFlow.js's tape; an input `f`
 * does not depend on gets zeros. Nested calls differentiate the inner gradients (higher order).
 * @internal
 */
export function tapeGradients(where: string, f: () => Tensor, xs: readonly Tensor[]): { value: Scalar; grads: Tensor[] } {
  xs.forEach((x) => {
    if (x.dtype !== 'float32') throw new GradbookError(where, `can only differentiate float32 tensors, got a ${x.dtype} tensor of shape ${formatShape(x.shape)}`);
  });
  const { value, grads } = tf.engine().gradients(
    () => {
      const y = f();
      if (!(y instanceof tf.Tensor) || y.rank !== 0) {
        throw new GradbookError(where, `the function must return a scalar tensor, got ${y instanceof tf.Tensor ? `shape ${formatShape(y.shape)}` : typeof y}; reduce it with a mean or sum`);
      }
      return y;
    },
    xs as Tensor[],
    undefined,
    true,
  );
  return { value: value as Scalar, grads: grads.map((g, i) => g ?? tf.zerosLike(xs[i]!)) };
}
