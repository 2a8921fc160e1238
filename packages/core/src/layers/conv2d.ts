import { tf } from '../tf.js';
import { GradbookError, formatShape } from '../errors.js';
import { conv2dWithBias } from '../ops/conv2d.js';
import { pair, windowGeometry, type Padding } from '../ops/windows.js';
import { activationFn, prefersHe, type ActivationName } from './activation-fn.js';
import { initKernel } from './init.js';
import type { Layer } from './layer.js';

/** Options of {@link conv2d}. */
export interface Conv2dLayerOptions {
  /** The layer's name. Default `conv2d` + its index in the model. */
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
 * A 2-D convolution layer on NHWC images, `act(conv(x, kernel) + bias)`, with parameters
 * `{ kernel: [kh, kw, cIn, filters], bias: [filters] }`; trains on every backend (see `ops.conv2d`).
 *
 * @param options - `name`, `filters`, `kernelSize`, `strides` (1), `padding` (`valid`), `activation` (`linear`).
 * @returns a layer for {@link sequential}.
 * @example
 * const cnn = sequential([28, 28, 1], [
 *   conv2d({ name: 'conv1', filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),
 *   maxPool2d({ name: 'pool1' }), flatten(), dense({ name: 'out', units: 10 }),
 * ]);
 */
export function conv2d(options: Conv2dLayerOptions): Layer {
  const { filters, activation = 'linear', padding = 'valid' } = options;
  const where = `conv2d(${options.name ?? ''})`;
  if (!Number.isInteger(filters) || filters < 1) throw new GradbookError(where, `filters must be a positive integer, got ${filters}`);
  const k = pair(options.kernelSize);
  const s = pair(options.strides ?? 1);
  const act = activationFn(where, activation);
  return {
    name: options.name,
    type: 'conv2d',
    config: { type: 'conv2d', ...(options.name !== undefined ? { name: options.name } : {}), filters, kernelSize: k, strides: s, padding, activation },
    build(inputShape, name) {
      if (inputShape.length !== 3) {
        throw new GradbookError(`conv2d(${name})`, `needs images [height, width, channels] but gets ${formatShape(inputShape)}; reshape the data to NHWC`);
      }
      const [h, w, c] = inputShape as [number, number, number];
      const g = windowGeometry(`conv2d(${name})`, [h, w], k, s, padding);
      const kernelShape = [k[0], k[1], c, filters];
      return {
        info: { name, type: 'conv2d', inputShape: [...inputShape], outputShape: [g.outHeight, g.outWidth, filters], params: ['kernel', 'bias'] },
        paramShapes: { kernel: kernelShape, bias: [filters] },
        init: (seed) => ({
          kernel: initKernel(seed, kernelShape, k[0] * k[1] * c, k[0] * k[1] * filters, prefersHe(activation)),
          bias: tf.zeros([filters]),
        }),
        apply(params, x, context) {
          const pre = conv2dWithBias(x, params!.kernel!, params!.bias!, { strides: s, padding });
          return act(context.hook ? context.hook(name, x, pre, { kernelHW: k, strides: s, padding }) : pre);
        },
      };
    },
  };
}
