import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { formatShape } from '../errors.js';
import { activation } from '../layers/activation.js';
import { ACTIVATIONS, type ActivationName } from '../layers/activation-fn.js';
import { conv2d } from '../layers/conv2d.js';
import { dense } from '../layers/dense.js';
import { dropout } from '../layers/dropout.js';
import { flatten } from '../layers/flatten.js';
import type { Layer } from '../layers/layer.js';
import { avgPool2d, maxPool2d } from '../layers/pool.js';
import { batchNorm } from '../layers/batch-norm.js';
import { embedding } from '../layers/embedding.js';
import { layerNorm } from '../layers/layer-norm.js';
import { SpecError } from './errors.js';
import { sequential } from './sequential.js';
import type { Model, Params } from './types.js';

/** Nested arrays of numbers, as in a JSON file. */
export type NestedArray = number | NestedArray[];

/** One layer of a {@link ModelSpec}, as in the repository's `conformance/README.md`. */
export interface LayerSpec {
  name: string;
  /** `dense`, `conv2d`, `maxpool2d`, `flatten`, `layernorm`, `batchnorm`, `embedding`; also `avgpool2d`, `dropout`, `activation`. */
  type: string;
  activation?: string;
  kernel?: NestedArray;
  bias?: NestedArray;
  /** layernorm, batchnorm: the scale and shift, `[features]`. */
  gamma?: NestedArray;
  beta?: NestedArray;
  /** layernorm, batchnorm: added to the variance. */
  epsilon?: number;
  /** embedding: the table `[vocab, dim]`. */
  embeddings?: NestedArray;
  strides?: number | [number, number];
  padding?: 'same' | 'valid';
  size?: number | [number, number];
  rate?: number;
}

/** A model with its weights, as JSON: `{ inputShape, layers }`. */
export interface ModelSpec {
  inputShape: number[];
  layers: LayerSpec[];
}

const TYPES = ['dense', 'conv2d', 'maxpool2d', 'avgpool2d', 'flatten', 'dropout', 'activation', 'layernorm', 'batchnorm', 'embedding'];

type ParamField = 'kernel' | 'bias' | 'gamma' | 'beta' | 'embeddings';

function shapeOf(a: NestedArray): number[] {
  const shape: number[] = [];
  let v: NestedArray = a;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0]!;
  }
  return shape;
}

function act(where: string, name: string | undefined): ActivationName {
  const a = name ?? 'linear';
  if (!(ACTIVATIONS as string[]).includes(a)) throw new SpecError(where, `unknown activation '${a}'; use one of ${ACTIVATIONS.join(', ')}`);
  return a as ActivationName;
}

/**
 * Builds a model and its parameters from a JSON model spec (the format of the conformance cases:
 * NHWC images, HWIO conv kernels, `[in, out]` dense kernels, `y = act(x·kernel + bias)`).
 *
 * @param spec - `{ inputShape, layers: [{ name, type, kernel?, bias?, gamma?, beta?, epsilon?, embeddings?, activation?, strides?, padding?, size? }] }`;
 *   types `dense`, `conv2d`, `maxpool2d`, `flatten`, `layernorm`, `batchnorm` (batch statistics:
 *   the model has no running statistics until you give it a state), `embedding` (first layer,
 *   integer ids) (and `avgpool2d`, `dropout`, `activation`); activations `linear`, `relu`, `tanh`,
 *   `sigmoid` (and `gelu`, `softplus`).
 * @returns `{ model, params }`; the params are new float32 tensors owned by the caller.
 * @example
 * const { model, params } = fromSpec(JSON.parse(fs.readFileSync('case.json', 'utf8')).model);
 * model.apply(params, x).print();
 */
export function fromSpec(spec: ModelSpec): { model: Model; params: Params } {
  if (!spec || !Array.isArray(spec.inputShape) || !Array.isArray(spec.layers)) {
    throw new SpecError('fromSpec(spec)', 'expected { inputShape: number[], layers: [...] }');
  }
  const layers: Layer[] = spec.layers.map((l, i) => {
    const where = `fromSpec(layers[${i}]${l?.name ? ` '${l.name}'` : ''})`;
    if (!l || typeof l !== 'object') throw new SpecError(where, 'expected a layer object');
    const needs = (field: ParamField): NestedArray => {
      if (l[field] === undefined) throw new SpecError(where, `a ${l.type} layer needs '${field}'`);
      return l[field]!;
    };
    switch (l.type) {
      case 'dense': {
        const k = shapeOf(needs('kernel'));
        if (k.length !== 2) throw new SpecError(where, `a dense kernel is [in, out], got ${formatShape(k)}`);
        return dense({ name: l.name, units: k[1]!, activation: act(where, l.activation) });
      }
      case 'conv2d': {
        const k = shapeOf(needs('kernel'));
        if (k.length !== 4) throw new SpecError(where, `a conv2d kernel is [kh, kw, in, out], got ${formatShape(k)}`);
        return conv2d({
          name: l.name,
          filters: k[3]!,
          kernelSize: [k[0]!, k[1]!],
          strides: l.strides ?? 1,
          padding: l.padding ?? 'valid',
          activation: act(where, l.activation),
        });
      }
      case 'maxpool2d':
        return maxPool2d({ name: l.name, size: l.size ?? 2, ...(l.strides !== undefined ? { strides: l.strides } : {}) });
      case 'avgpool2d':
        return avgPool2d({ name: l.name, size: l.size ?? 2, ...(l.strides !== undefined ? { strides: l.strides } : {}) });
      case 'flatten':
        return flatten({ name: l.name });
      case 'dropout':
        return dropout({ name: l.name, rate: l.rate ?? 0 });
      case 'activation':
        return activation({ name: l.name, activation: act(where, l.activation) });
      case 'layernorm':
      case 'batchnorm': {
        needs('gamma');
        needs('beta');
        const options = { name: l.name, activation: act(where, l.activation), ...(l.epsilon !== undefined ? { epsilon: l.epsilon } : {}) };
        return l.type === 'layernorm' ? layerNorm(options) : batchNorm(options);
      }
      case 'embedding': {
        const e = shapeOf(needs('embeddings'));
        if (e.length !== 2) throw new SpecError(where, `an embedding table is [vocab, dim], got ${formatShape(e)}`);
        return embedding({ name: l.name, vocab: e[0]!, dim: e[1]! });
      }
      default:
        throw new SpecError(where, `unknown layer type '${String(l.type)}'; known types are ${TYPES.join(', ')}`);
    }
  });
  const model = sequential(spec.inputShape, layers);
  const params: Params = {};
  try {
    model.layers.forEach((info, i) => {
      if (info.params.length === 0) return;
      const l = spec.layers[i]!;
      const group: Record<string, Tensor> = {};
      params[info.name] = group;
      const expected = expectedShapes(info.type, info.inputShape, info.outputShape, l);
      for (const key of info.params as ParamField[]) {
        const got = shapeOf(l[key]!);
        if (got.length !== expected[key]!.length || got.some((d, j) => d !== expected[key]![j])) {
          throw new SpecError(`fromSpec(layers[${i}] '${info.name}')`, `${key} has shape ${formatShape(got)}, expected ${formatShape(expected[key]!)} for input ${formatShape(info.inputShape)}`);
        }
        group[key] = tf.tensor(l[key] as number[], got, 'float32');
      }
    });
  } catch (err) {
    for (const group of Object.values(params)) tf.dispose(Object.values(group));
    throw err;
  }
  return { model, params };
}

/** The shape each parameter of a spec layer must have, given where it sits. */
function expectedShapes(type: string, input: readonly number[], output: readonly number[], l: LayerSpec): Partial<Record<ParamField, number[]>> {
  const last = (shape: readonly number[]): number => shape[shape.length - 1]!;
  switch (type) {
    case 'dense':
      return { kernel: [input[0]!, output[0]!], bias: [output[0]!] };
    case 'conv2d':
      return { kernel: [...shapeOf(l.kernel!).slice(0, 2), input[2]!, output[2]!], bias: [output[2]!] };
    case 'embedding':
      return { embeddings: [shapeOf(l.embeddings!)[0]!, last(output)] };
    default:
      return { gamma: [last(input)], beta: [last(input)] };
  }
}
