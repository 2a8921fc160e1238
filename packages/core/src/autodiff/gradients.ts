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
  let result: { value: Tensor; grads: (Tensor | null)[] };
  try {
    result = gradientsOf(f, where, xs);
  } catch (err) {
    releaseTape();
    throw err;
  }
  const { value, grads } = result;
  return { value: value as Scalar, grads: grads.map((g, i) => g ?? tf.zerosLike(xs[i]!)) };
}

/** The parts of the engine's state that {@link releaseTape} needs; tfjs does not export them. */
interface TapeState {
  gradientDepth: number;
  activeTape: { saved?: Tensor[] }[] | null;
}

/**
 * TensorFlow.js keeps copies of the tensors each op saves for its backward pass, and frees them
 * when the outermost gradient completes. When the function throws (a loss given targets of the
 * wrong shape), they are never freed. Once the failure has left every gradient, free them here.
 */
function releaseTape(): void {
  const state = (tf.engine() as unknown as { state: TapeState }).state;
  if (state.gradientDepth !== 0 || !state.activeTape) return;
  for (const node of state.activeTape) node.saved?.forEach((t) => t.dispose());
  state.activeTape = null;
}

function gradientsOf(f: () => Tensor, where: string, xs: readonly Tensor[]): { value: Tensor; grads: (Tensor | null)[] } {
  return tf.engine().gradients(
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
}
