import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { GradbookError, formatShape } from '../errors.js';
import { matMul } from '../ops/mat-mul.js';
import { biasAdd } from '../ops/bias-add.js';
import { activationFn, prefersHe, type ActivationName } from './activation-fn.js';
import { binarizeConfig, binaryKernel, signOf, type BinarizeOptions } from './binarize.js';
import { initKernel } from './init.js';
import type { Layer } from './layer.js';

/** Options of {@link binaryDense}. */
export interface BinaryDenseOptions extends BinarizeOptions {
  /** The layer's name; its parameters live under it. Default `binaryDense` + its index in the model. */
  name?: string;
  /** Output features. */
  units: number;
  /** Applied after `x · sign(kernel) + bias`. Default `linear`. */
  activation?: ActivationName;
}

/**
 * A fully connected layer with binary weights: `act(x · (α ⊙ sign(kernel)) + bias)`, where `kernel`
 * holds real-valued latent weights that the optimizer updates and `α` is each output unit's mean
 * `|kernel|` (or 1 with `scale: false`). With `binarizeInputs` the input is `sign(x)` too. The
 * gradient of `sign` is ReSTE (default) or the clipped STE; parameters `{ kernel: [in, units], bias: [units] }`.
 *
 * @param options - `units`, `name`, `activation` (`linear`), `estimator` (`reste`), `o` (3),
 *   `threshold` (1.5 for ReSTE, 1 for STE), `interval` (0.1), `binarizeInputs` (false), `scale` (true).
 * @returns a layer for {@link sequential}.
 * @example
 * const model = sequential([784], [
 *   dense({ name: 'in', units: 256 }),
 *   binaryDense({ name: 'hidden', units: 256, binarizeInputs: true, o: 3 }),
 *   dense({ name: 'out', units: 10 }),
 * ]);
 * @see Wu et al. (ICCV 2023), Estimator Meets Equilibrium Perspective: A Rectified Straight Through
 * Estimator for Binary Neural Networks Training; Rastegari et al. (2016), XNOR-Net (the scale α).
 */
export function binaryDense(options: BinaryDenseOptions): Layer {
  const { units, activation = 'linear' } = options;
  const where = `binaryDense(${options.name ?? ''})`;
  if (!Number.isInteger(units) || units < 1) throw new GradbookError(where, `units must be a positive integer, got ${units}`);
  const act = activationFn(where, activation);
  const b = binarizeConfig(where, options);
  const sign = signOf(where, b);
  return {
    name: options.name,
    type: 'binaryDense',
    config: { type: 'binaryDense', ...(options.name !== undefined ? { name: options.name } : {}), units, activation, ...b },
    build(inputShape, name) {
      if (inputShape.length !== 1) {
        throw new GradbookError(`binaryDense(${name})`, `needs flat inputs [features] but gets ${formatShape(inputShape)}; put flatten() before it`);
      }
      const fanIn = inputShape[0]!;
      return {
        info: { name, type: 'binaryDense', inputShape: [...inputShape], outputShape: [units], params: ['kernel', 'bias'] },
        paramShapes: { kernel: [fanIn, units], bias: [units] },
        init: (seed) => ({ kernel: initKernel(seed, [fanIn, units], fanIn, units, prefersHe(activation)), bias: tf.zeros([units]) }),
        apply(params, x) {
          const input: Tensor = b.binarizeInputs ? sign(x) : x;
          return act(biasAdd(matMul(input, binaryKernel(params!.kernel!, b, sign)), params!.bias!));
        },
      };
    },
  };
}
