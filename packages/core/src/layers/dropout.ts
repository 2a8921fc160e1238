import { tf } from '../tf.js';
import { GradbookError } from '../errors.js';
import { uniformArray } from '../random/uniform.js';
import type { Layer } from './layer.js';

/**
 * Inverted dropout: in training, zeroes each entry with probability `rate` and scales the rest by
 * `1 / (1 − rate)`; the identity otherwise. The mask comes from the call's `seed` (and the layer's
 * position), so a step is repeatable, and is the same on every backend.
 *
 * @param options - `rate` in [0, 1), `name` (default `dropout` + its index).
 * @returns a layer for {@link sequential}.
 * @example
 * model.apply(params, x, { training: true, seed: step });
 * @see Srivastava et al. (2014), Dropout: a simple way to prevent neural networks from overfitting.
 */
export function dropout(options: { rate: number; name?: string }): Layer {
  const { rate } = options;
  if (!(rate >= 0 && rate < 1)) throw new GradbookError(`dropout(${options.name ?? ''})`, `rate must be in [0, 1), got ${rate}`);
  return {
    name: options.name,
    type: 'dropout',
    config: { type: 'dropout', ...(options.name !== undefined ? { name: options.name } : {}), rate },
    build(inputShape, name) {
      return {
        info: { name, type: 'dropout', inputShape: [...inputShape], outputShape: [...inputShape], params: [] },
        paramShapes: {},
        init: () => ({}),
        apply(_params, x, context) {
          if (!context.training || rate === 0) return x;
          const u = uniformArray(context.seed, x.size);
          const scale = 1 / (1 - rate);
          for (let i = 0; i < u.length; i++) u[i] = u[i]! >= rate ? scale : 0;
          return tf.mul(x, tf.tensor(u, x.shape, 'float32'));
        },
      };
    },
  };
}
