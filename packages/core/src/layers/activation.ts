import { activationFn, type ActivationName } from './activation-fn.js';
import type { Layer } from './layer.js';

/**
 * A layer that only applies an activation function; no parameters.
 *
 * @param options - the activation name, or `{ activation, name }`.
 * @returns a layer for {@link sequential}.
 * @example
 * sequential([4], [dense({ units: 8 }), activation('gelu'), dense({ units: 2 })])
 */
export function activation(options: ActivationName | { activation: ActivationName; name?: string }): Layer {
  const { activation: kind, name: given } = typeof options === 'string' ? { activation: options, name: undefined } : options;
  const fn = activationFn(`activation(${given ?? ''})`, kind);
  return {
    name: given,
    type: 'activation',
    config: { type: 'activation', ...(given !== undefined ? { name: given } : {}), activation: kind },
    build(inputShape, name) {
      return {
        info: { name, type: 'activation', inputShape: [...inputShape], outputShape: [...inputShape], params: [] },
        paramShapes: {},
        init: () => ({}),
        apply: (_params, x) => fn(x),
      };
    },
  };
}
