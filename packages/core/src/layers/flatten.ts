import { tf } from '../tf.js';
import type { Layer } from './layer.js';

/**
 * Flattens each example to one row-major vector (over `[h, w, c]` for images); no parameters.
 *
 * @param options - `name` (default `flatten` + its index).
 * @returns a layer for {@link sequential}.
 * @example
 * sequential([4, 4, 2], [flatten(), dense({ units: 3 })]).layers[0].outputShape; // [32]
 */
export function flatten(options: { name?: string } = {}): Layer {
  return {
    name: options.name,
    type: 'flatten',
    config: { type: 'flatten', ...(options.name !== undefined ? { name: options.name } : {}) },
    build(inputShape, name) {
      const size = inputShape.reduce((a, b) => a * b, 1);
      return {
        info: { name, type: 'flatten', inputShape: [...inputShape], outputShape: [size], params: [] },
        paramShapes: {},
        init: () => ({}),
        apply: (_params, x) => tf.reshape(x, [x.shape[0]!, size]),
      };
    },
  };
}
