import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { GradbookError, formatShape } from '../errors.js';
import { conv2dWithBias } from '../ops/conv2d.js';
import { pair, windowGeometry, type Padding } from '../ops/windows.js';
import { activationFn, prefersHe, type ActivationName } from './activation-fn.js';
import { binarizeConfig, binaryKernel, signOf, type BinarizeOptions } from './binarize.js';
import { initKernel } from './init.js';
import type { Layer } from './layer.js';

/** Options of {@link binaryConv2d}. */
export interface BinaryConv2dOptions extends BinarizeOptions {
  /** The layer's name. Default `binaryConv2d` + its index in the model. */
  name?: string;
  /** Output channels. */
  filters: number;
  /** Window size, one number or `[rows, cols]`. */
  kernelSize: number | readonly [number, number];
  /** Step between windows. Default 1. */
  strides?: number | readonly [number, number];
  /** `same` (TensorFlow's rule) or `valid`. Default `valid`. */
  padding?: Padding;
  /** Applied after the convolution plus bias. Default `linear`. */
  activation?: ActivationName;
}

/**
 * A 2-D convolution on NHWC images with binary weights: `act(conv(x, α ⊙ sign(kernel)) + bias)`, the
 * latent `kernel` `[kh, kw, cIn, filters]` real-valued, `α` each filter's mean `|kernel|` (or 1 with
 * `scale: false`); with `binarizeInputs` the input is `sign(x)` too (zero padding stays 0). The
 * gradient of `sign` is ReSTE (default) or the clipped STE. Trains on every backend.
 *
 * @param options - `filters`, `kernelSize`, `strides` (1), `padding` (`valid`), `activation` (`linear`),
 *   `name`, and the binarisation options of {@link binaryDense} (`estimator`, `o`, `threshold`,
 *   `interval`, `binarizeInputs`, `scale`).
 * @returns a layer for {@link sequential}.
 * @example
 * const cnn = sequential([28, 28, 1], [
 *   conv2d({ name: 'conv1', filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }),
 *   binaryConv2d({ name: 'conv2', filters: 16, kernelSize: 3, padding: 'same', binarizeInputs: true }),
 *   flatten(), dense({ name: 'out', units: 10 }),
 * ]);
 * @see Wu et al. (ICCV 2023), Estimator Meets Equilibrium Perspective: A Rectified Straight Through
 * Estimator for Binary Neural Networks Training.
 */
export function binaryConv2d(options: BinaryConv2dOptions): Layer {
  const { filters, activation = 'linear', padding = 'valid' } = options;
  const where = `binaryConv2d(${options.name ?? ''})`;
  if (!Number.isInteger(filters) || filters < 1) throw new GradbookError(where, `filters must be a positive integer, got ${filters}`);
  const k = pair(options.kernelSize);
  const s = pair(options.strides ?? 1);
  const act = activationFn(where, activation);
  const b = binarizeConfig(where, options);
  const sign = signOf(where, b);
  return {
    name: options.name,
    type: 'binaryConv2d',
    config: {
      type: 'binaryConv2d',
      ...(options.name !== undefined ? { name: options.name } : {}),
      filters, kernelSize: k, strides: s, padding, activation, ...b,
    },
    build(inputShape, name) {
      if (inputShape.length !== 3) {
        throw new GradbookError(`binaryConv2d(${name})`, `needs images [height, width, channels] but gets ${formatShape(inputShape)}; reshape the data to NHWC`);
      }
      const [h, w, c] = inputShape as [number, number, number];
      const g = windowGeometry(`binaryConv2d(${name})`, [h, w], k, s, padding);
      const kernelShape = [k[0], k[1], c, filters];
      return {
        info: { name, type: 'binaryConv2d', inputShape: [...inputShape], outputShape: [g.outHeight, g.outWidth, filters], params: ['kernel', 'bias'] },
        paramShapes: { kernel: kernelShape, bias: [filters] },
        init: (seed) => ({
          kernel: initKernel(seed, kernelShape, k[0] * k[1] * c, k[0] * k[1] * filters, prefersHe(activation)),
          bias: tf.zeros([filters]),
        }),
        apply(params, x) {
          const input: Tensor = b.binarizeInputs ? sign(x) : x;
          return act(conv2dWithBias(input, binaryKernel(params!.kernel!, b, sign), params!.bias!, { strides: s, padding }));
        },
      };
    },
  };
}
