import { GradbookError } from '../errors.js';
import { activation } from '../layers/activation.js';
import type { ActivationName } from '../layers/activation-fn.js';
import type { BinarizeConfig } from '../layers/binarize.js';
import { binaryConv2d } from '../layers/binary-conv2d.js';
import { binaryDense } from '../layers/binary-dense.js';
import { conv2d } from '../layers/conv2d.js';
import { dense } from '../layers/dense.js';
import { dropout } from '../layers/dropout.js';
import { flatten } from '../layers/flatten.js';
import type { Layer } from '../layers/layer.js';
import { avgPool2d, maxPool2d } from '../layers/pool.js';
import { batchNorm } from '../layers/batch-norm.js';
import { embedding } from '../layers/embedding.js';
import { layerNorm } from '../layers/layer-norm.js';
import { meanPool } from '../layers/mean-pool.js';
import { concat } from './concat.js';
import { residual } from './residual.js';
import type { Padding } from '../ops/windows.js';
import { sequential } from './sequential.js';
import type { Model } from './types.js';

type Pair = readonly [number, number];

/**
 * One layer's options as plain JSON: what `dense(...)`, `conv2d(...)` and the others were given,
 * with defaults filled in and the layer type added. {@link fromConfig} makes the layer again.
 */
export type LayerConfig =
  | { type: 'dense'; name?: string; units: number; activation: ActivationName }
  | { type: 'conv2d'; name?: string; filters: number; kernelSize: Pair; strides: Pair; padding: Padding; activation: ActivationName }
  | { type: 'maxpool2d' | 'avgpool2d'; name?: string; size: Pair; strides: Pair }
  | { type: 'flatten'; name?: string }
  | { type: 'dropout'; name?: string; rate: number }
  | { type: 'activation'; name?: string; activation: ActivationName }
  | ({ type: 'binaryDense'; name?: string; units: number; activation: ActivationName } & BinarizeConfig)
  | ({ type: 'binaryConv2d'; name?: string; filters: number; kernelSize: Pair; strides: Pair; padding: Padding; activation: ActivationName } & BinarizeConfig)
  | { type: 'layernorm'; name?: string; epsilon: number; activation: ActivationName }
  | { type: 'batchnorm'; name?: string; epsilon: number; momentum: number; activation: ActivationName }
  | { type: 'embedding'; name?: string; vocab: number; dim: number }
  | { type: 'meanpool'; name?: string }
  | { type: 'residual'; name?: string; layers: LayerConfig[]; shortcut: LayerConfig[]; activation: ActivationName }
  | { type: 'concat'; name?: string; branches: LayerConfig[][] };

const KNOWN = ['dense', 'conv2d', 'maxpool2d', 'avgpool2d', 'flatten', 'dropout', 'activation', 'layernorm', 'batchnorm', 'embedding', 'meanpool', 'residual', 'concat', 'binaryDense', 'binaryConv2d'];

/**
 * A model's architecture without its parameters, as plain JSON: `model.config` of a `sequential`
 * model. Every layer carries its name, so a model made again names its parameters the same way.
 */
export interface ModelConfig {
  inputShape: number[];
  layers: LayerConfig[];
}

function layerFromConfig(config: LayerConfig, i: number | string): Layer {
  if (!config || typeof config !== 'object') throw new GradbookError(`fromConfig(layers[${i}])`, 'expected a layer config object');
  const list = (what: string, items: unknown): LayerConfig[] => {
    if (!Array.isArray(items)) throw new GradbookError(`fromConfig(layers[${i}].${what})`, `a ${config.type} config needs a list '${what}'`);
    return items as LayerConfig[];
  };
  switch (config.type) {
    case 'dense':
      return dense(config);
    case 'conv2d':
      return conv2d(config);
    case 'maxpool2d':
      return maxPool2d(config);
    case 'avgpool2d':
      return avgPool2d(config);
    case 'flatten':
      return flatten(config);
    case 'dropout':
      return dropout(config);
    case 'activation':
      return activation({ activation: config.activation, ...(config.name !== undefined ? { name: config.name } : {}) });
    case 'binaryDense':
      return binaryDense(config);
    case 'binaryConv2d':
      return binaryConv2d(config);
    case 'layernorm':
      return layerNorm(config);
    case 'batchnorm':
      return batchNorm(config);
    case 'embedding':
      return embedding(config);
    case 'meanpool':
      return meanPool(config);
    case 'residual':
      return residual(list('layers', config.layers).map((c, j) => layerFromConfig(c, `${i}].layers[${j}`)), {
        ...(config.name !== undefined ? { name: config.name } : {}),
        shortcut: list('shortcut', config.shortcut ?? []).map((c, j) => layerFromConfig(c, `${i}].shortcut[${j}`)),
        activation: config.activation,
      });
    case 'concat':
      return concat(
        list('branches', config.branches).map((b, k) => list(`branches[${k}]`, b).map((c, j) => layerFromConfig(c, `${i}].branches[${k}][${j}`))),
        config.name !== undefined ? { name: config.name } : {},
      );
    default:
      throw new GradbookError(
        `fromConfig(layers[${i}])`,
        `unknown layer type '${String((config as { type?: unknown }).type)}'; known types are ${KNOWN.join(', ')}`,
      );
  }
}

/**
 * Makes a `sequential` model from its {@link ModelConfig}: the inverse of `model.config`. The
 * config is JSON, so a model can be saved beside its parameters or rebuilt in a worker thread.
 *
 * @param config - `{ inputShape, layers: [{ type, name, ...options }] }`, e.g. `model.config`.
 * @returns a model with the same layers, names and shapes; `init(seed)` draws the same parameters.
 * @example
 * const copy = fromConfig(JSON.parse(JSON.stringify(model.config)));
 * copy.apply(params, x); // the same function as model.apply(params, x)
 */
export function fromConfig(config: ModelConfig): Model {
  if (!config || typeof config !== 'object' || !Array.isArray(config.inputShape) || !Array.isArray(config.layers)) {
    throw new GradbookError('fromConfig(config)', 'expected { inputShape: number[], layers: [...] }, e.g. model.config');
  }
  return sequential(config.inputShape, config.layers.map(layerFromConfig));
}
