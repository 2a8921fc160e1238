import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { GradbookError, formatShape } from '../errors.js';
import { matMul } from '../ops/mat-mul.js';
import { biasAdd } from '../ops/bias-add.js';
import { activationFn, prefersHe, type ActivationName } from './activation-fn.js';
import { initKernel } from './init.js';
import type { Layer } from './layer.js';

/** Options of {@link dense}. */
export interface DenseOptions {
  /** The layer's name; its parameters live under it. Default `dense` + its index in the model. */
  name?: string;
  /** Output features. */
  units: number;
  /** Applied after `x·kernel + bias`. Default `linear`. */
  activation?: ActivationName;
}

/**
 * A fully connected layer `act(x · kernel + bias)` with parameters `{ kernel: [in, units], bias: [units] }`.
 * Kernels start Glorot-uniform (He-uniform before relu or gelu), biases at zero.
 *
 * @param options - `name`, `units`, `activation` (default `linear`).
 * @returns a layer for {@link sequential}.
 * @example
 * const model = sequential([2], [dense({ name: 'hidden', units: 16, activation: 'tanh' }), dense({ name: 'out', units: 3 })]);
 * @see Glorot & Bengio (2010), Understanding the difficulty of training deep feedforward neural networks.
 */
export function dense(options: DenseOptions): Layer {
  const { units, activation = 'linear' } = options;
  const where = `dense(${options.name ?? ''})`;
  if (!Number.isInteger(units) || units < 1) throw new GradbookError(where, `units must be a positive integer, got ${units}`);
  const act = activationFn(where, activation);
  return {
    name: options.name,
    type: 'dense',
    config: { type: 'dense', ...(options.name !== undefined ? { name: options.name } : {}), units, activation },
    build(inputShape, name) {
      if (inputShape.length !== 1) {
        throw new GradbookError(`dense(${name})`, `needs flat inputs [features] but gets ${formatShape(inputShape)}; put flatten() before it`);
      }
      const fanIn = inputShape[0]!;
      return {
        info: { name, type: 'dense', inputShape: [...inputShape], outputShape: [units], params: ['kernel', 'bias'] },
        paramShapes: { kernel: [fanIn, units], bias: [units] },
        init: (seed) => ({ kernel: initKernel(seed, [fanIn, units], fanIn, units, prefersHe(activation)), bias: tf.zeros([units]) }),
        apply(params, x, context) {
          let pre: Tensor = biasAdd(matMul(x, params!.kernel!), params!.bias!);
          if (context.hook) pre = context.hook(name, x, pre);
          return act(pre);
        },
      };
    },
  };
}
