import { tf } from '../tf.js';
import { GradbookError } from '../errors.js';
import { activationFn, type ActivationName } from './activation-fn.js';
import type { Layer } from './layer.js';
import { normalize, scaleShift } from './normalize.js';

/** Options of {@link layerNorm}. */
export interface LayerNormOptions {
  /** The layer's name; its parameters live under it. Default `layernorm` + its index in the model. */
  name?: string;
  /** Added to the variance before the square root. Default `1e-5` (PyTorch's). */
  epsilon?: number;
  /** Applied after the scale and shift. Default `linear`. */
  activation?: ActivationName;
}

/**
 * Layer normalisation: each example is normalised over its last axis, `act(gamma · (x − μ) / √(σ² + ε) + beta)`,
 * μ and the biased σ² (divide by the count) over that axis alone, so an example's output does not
 * depend on the rest of the batch and training and evaluation agree. Parameters
 * `{ gamma: [d], beta: [d] }` start at one and zero. Right to second order (Hessian-vector products
 * through it are exact).
 *
 * @param options - `name`, `epsilon` (default `1e-5`), `activation` (default `linear`).
 * @returns a layer for {@link sequential}; works on inputs of any rank (`[d]`, `[L, d]`, `[h, w, c]`).
 * @example
 * const model = sequential([5], [dense({ units: 8 }), layerNorm({ name: 'ln', activation: 'tanh' }), dense({ units: 3 })]);
 * @see Ba, Kiros & Hinton (2016), Layer Normalization.
 */
export function layerNorm(options: LayerNormOptions = {}): Layer {
  const { epsilon = 1e-5, activation = 'linear' } = options;
  const where = `layerNorm(${options.name ?? ''})`;
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) throw new GradbookError(where, `epsilon must be a positive number, got ${epsilon}`);
  const act = activationFn(where, activation);
  return {
    name: options.name,
    type: 'layernorm',
    config: { type: 'layernorm', ...(options.name !== undefined ? { name: options.name } : {}), epsilon, activation },
    build(inputShape, name) {
      const d = inputShape[inputShape.length - 1]!;
      return {
        info: { name, type: 'layernorm', inputShape: [...inputShape], outputShape: [...inputShape], params: ['gamma', 'beta'] },
        paramShapes: { gamma: [d], beta: [d] },
        init: () => ({ gamma: tf.ones([d]), beta: tf.zeros([d]) }),
        apply(params, x) {
          const { normalized } = normalize(x, [x.rank - 1], epsilon);
          return act(scaleShift(normalized, params!.gamma!, params!.beta!));
        },
      };
    },
  };
}
