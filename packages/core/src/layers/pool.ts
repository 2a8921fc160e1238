import { GradbookError, formatShape } from '../errors.js';
import { avgPool2d as avgPoolOp, maxPool2d as maxPoolOp, type Pool2dOptions } from '../ops/pool.js';
import { pair, windowGeometry } from '../ops/windows.js';
import type { Layer } from './layer.js';

/** Options of {@link maxPool2d} and {@link avgPool2d}. */
export interface Pool2dLayerOptions extends Pool2dOptions {
  /** The layer's name. Default the type + its index in the model. */
  name?: string;
}

function pool(type: 'maxpool2d' | 'avgpool2d', options: Pool2dLayerOptions): Layer {
  const k = pair(options.size ?? 2);
  const s = pair(options.strides ?? k);
  const op = type === 'maxpool2d' ? maxPoolOp : avgPoolOp;
  return {
    name: options.name,
    type,
    config: { type, ...(options.name !== undefined ? { name: options.name } : {}), size: k, strides: s },
    build(inputShape, name) {
      if (inputShape.length !== 3) {
        throw new GradbookError(`${type}(${name})`, `needs images [height, width, channels] but gets ${formatShape(inputShape)}`);
      }
      const g = windowGeometry(`${type}(${name})`, [inputShape[0]!, inputShape[1]!], k, s, 'valid');
      return {
        info: { name, type, inputShape: [...inputShape], outputShape: [g.outHeight, g.outWidth, inputShape[2]!], params: [] },
        paramShapes: {},
        init: () => ({}),
        apply: (_params, x) => op(x, { size: k, strides: s }),
      };
    },
  };
}

/**
 * Max pooling with `valid` padding (see `ops.maxPool2d`); no parameters.
 *
 * @param options - `name`, `size` (default 2), `strides` (default `size`).
 * @returns a layer for {@link sequential}.
 * @example
 * maxPool2d({ name: 'pool1', size: 2 })
 */
export function maxPool2d(options: Pool2dLayerOptions = {}): Layer {
  return pool('maxpool2d', options);
}

/**
 * Average pooling with `valid` padding (see `ops.avgPool2d`); no parameters.
 *
 * @param options - `name`, `size` (default 2), `strides` (default `size`).
 * @returns a layer for {@link sequential}.
 * @example
 * avgPool2d({ size: 2 })
 */
export function avgPool2d(options: Pool2dLayerOptions = {}): Layer {
  return pool('avgpool2d', options);
}
