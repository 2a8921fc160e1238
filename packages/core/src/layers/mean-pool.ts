import { tf } from '../tf.js';
import { GradbookError, formatShape } from '../errors.js';
import type { Layer } from './layer.js';

/**
 * The mean over every axis of an example but the last: a sequence `[L, d]` becomes `[d]` (a bag of
 * its positions), an image `[h, w, c]` becomes `[c]` (global average pooling, as before a ResNet's
 * classifier). No parameters.
 *
 * @param options - `name` (default `meanpool` + its index).
 * @returns a layer for {@link sequential}.
 * @example
 * sequential([6], [embedding({ vocab: 10, dim: 4 }), meanPool(), dense({ units: 2 })]).layers[1].outputShape; // [4]
 * @see Lin, Chen & Yan (2014), Network In Network (global average pooling).
 */
export function meanPool(options: { name?: string } = {}): Layer {
  return {
    name: options.name,
    type: 'meanpool',
    config: { type: 'meanpool', ...(options.name !== undefined ? { name: options.name } : {}) },
    build(inputShape, name) {
      if (inputShape.length < 2) {
        throw new GradbookError(`meanPool(${name})`, `needs examples with positions and features, e.g. [L, d] or [h, w, c], but gets ${formatShape(inputShape)}`);
      }
      const axes = inputShape.slice(0, -1).map((_, i) => i + 1);
      return {
        info: { name, type: 'meanpool', inputShape: [...inputShape], outputShape: [inputShape[inputShape.length - 1]!], params: [] },
        paramShapes: {},
        init: () => ({}),
        apply: (_params, x) => tf.mean(x, axes),
      };
    },
  };
}
