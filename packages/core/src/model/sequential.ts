import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { GradbookError, ShapeError, formatShape } from '../errors.js';
import type { BuiltLayer, Layer, LayerContext } from '../layers/layer.js';
import { splitSeed } from '../random/split-seed.js';
import { ParamsError } from './errors.js';
import { MODEL_INTERNALS, type ModelInternals } from './internal.js';
import type { ModelConfig } from './config.js';
import type { ApplyOptions, LayerInfo, Model, Params } from './types.js';

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * A model that runs layers one after the other: a functional model whose parameters live outside it,
 * in a tree `{ [layerName]: { kernel, bias } }`.
 *
 * `apply(params, x, options)` runs a batch and accepts `training` and `seed` (dropout), `upTo` (stop
 * after a layer), `from` (start after a layer, `x` being its output), `replace` (substitute a layer's
 * output) and `onLayer` (see each layer's output; the tensors it receives belong to the caller, like
 * the result). Inputs of the wrong shape and parameter trees that do not fit are errors that say
 * which layer and which path.
 *
 * @param inputShape - one example's shape, e.g. `[784]` or `[28, 28, 1]`.
 * @param layers - layer descriptions from `dense`, `conv2d`, `maxPool2d`, `avgPool2d`, `flatten`,
 *   `dropout`, `activation`. Unnamed layers are named by type and index (`dense1`).
 * @returns a {@link Model}; `model.layers` lists each layer's name, type and per-example shapes.
 * @example
 * const model = sequential([784], [
 *   dense({ name: 'hidden', units: 256, activation: 'relu' }),
 *   dense({ name: 'out', units: 10 }),
 * ]);
 * const params = model.init(42);
 * const logits = model.apply(params, tf.zeros([8, 784])); // [8, 10]
 */
export function sequential(inputShape: readonly number[], layers: readonly Layer[]): Model {
  if (!Array.isArray(inputShape) || !inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new GradbookError('sequential(inputShape)', `expected one example's shape as positive integers, e.g. [784], got ${JSON.stringify(inputShape)}`);
  }
  if (!Array.isArray(layers) || layers.length === 0) throw new GradbookError('sequential(layers)', 'expected at least one layer');
  const built: BuiltLayer[] = [];
  const names = new Set<string>();
  let shape: readonly number[] = [...inputShape];
  layers.forEach((layer, i) => {
    if (!layer || typeof layer.build !== 'function') {
      throw new GradbookError('sequential(layers)', `item ${i} is not a layer; make layers with dense(...), conv2d(...), flatten() and the like`);
    }
    const name = layer.name ?? `${layer.type}${i + 1}`;
    if (names.has(name)) throw new GradbookError('sequential(layers)', `two layers are named '${name}'; names must be unique`);
    names.add(name);
    const b = layer.build(shape, name);
    built.push(b);
    shape = b.info.outputShape;
  });
  const infos: LayerInfo[] = built.map((b) => b.info);
  const indexOf = (where: string, name: string): number => {
    const i = infos.findIndex((l) => l.name === name);
    if (i < 0) throw new GradbookError(where, `no layer named '${name}'; the layers are ${infos.map((l) => l.name).join(', ')}`);
    return i;
  };

  const checkParams = (params: Params, first: number, last: number): void => {
    if (params === null || typeof params !== 'object') {
      throw new ParamsError('model.apply(params)', '<root>', `expected a tree { layerName: { kernel, bias } }, got ${params === null ? 'null' : typeof params}; make one with model.init(seed)`);
    }
    for (const key of Object.keys(params)) {
      const i = infos.findIndex((l) => l.name === key);
      if (i < 0 || infos[i]!.params.length === 0) {
        throw new ParamsError('model.apply(params)', key, `params has '${key}', which is not a layer with parameters of this model (those are ${infos.filter((l) => l.params.length).map((l) => l.name).join(', ') || 'none'})`);
      }
    }
    for (let i = first; i <= last; i++) {
      const b = built[i]!;
      const entries = Object.entries(b.paramShapes);
      if (entries.length === 0) continue;
      const group = params[b.info.name];
      if (group === undefined || group === null || typeof group !== 'object') {
        throw new ParamsError('model.apply(params)', b.info.name, `params lacks '${b.info.name}' (layer ${i + 1}, ${b.info.type}); expected { ${entries.map(([k]) => k).join(', ')} }; make a matching tree with model.init(seed)`);
      }
      for (const key of Object.keys(group)) {
        if (!(key in b.paramShapes)) throw new ParamsError('model.apply(params)', `${b.info.name}.${key}`, `params has '${b.info.name}.${key}', which ${b.info.type} layer '${b.info.name}' does not use (it has ${entries.map(([k]) => k).join(', ')})`);
      }
      for (const [key, expected] of entries) {
        const t = group[key];
        const path = `${b.info.name}.${key}`;
        if (!(t instanceof tf.Tensor)) throw new ParamsError('model.apply(params)', path, `params lacks the tensor '${path}' of shape ${formatShape(expected)}`);
        if (t.isDisposed) {
          throw new ParamsError('model.apply(params)', path, `the tensor '${path}' is disposed; a training run frees each event's params when it takes its next step: keep them with tree.clone(event.params), or use the last event's`);
        }
        if (!sameShape(t.shape, expected)) {
          throw new ParamsError('model.apply(params)', path, `'${path}' has shape ${formatShape(t.shape)}, expected ${formatShape(expected)}; were these parameters made for another model?`);
        }
      }
    }
  };

  const run = (params: Params, x: Tensor, options: ApplyOptions = {}, hook?: LayerContext['hook']): Tensor => {
    const first = options.from === undefined ? 0 : indexOf('model.apply(from)', options.from) + 1;
    const last = options.upTo === undefined ? built.length - 1 : indexOf('model.apply(upTo)', options.upTo);
    if (last < first) throw new GradbookError('model.apply(upTo)', `layer '${options.upTo}' comes before the start of the run (after '${options.from}')`);
    if (!(x instanceof tf.Tensor)) throw new GradbookError('model.apply(x)', `expected a tensor, got ${typeof x}`);
    if (x.isDisposed) throw new GradbookError('model.apply(x)', `the input tensor ${formatShape(x.shape)} is disposed`);
    const expected = first === 0 ? inputShape : infos[first - 1]!.outputShape;
    if (x.rank !== expected.length + 1 || !sameShape(x.shape.slice(1), expected)) {
      const layer = infos[first]!;
      throw new ShapeError(
        'model.apply(x)',
        `layer '${layer.name}' (${layer.type}) expects a batch of ${formatShape(expected)}, i.e. ${formatShape([null, ...expected])}, but got ${formatShape(x.shape)}; ` +
          (sameShape(x.shape, expected) ? 'add a batch dimension: tf.expandDims(x, 0)' : `reshape the data, or build the model for inputs of ${formatShape(x.shape.slice(1))}`),
        [null, ...expected],
        x.shape,
      );
    }
    checkParams(params, first, last);
    const replace = options.replace ?? {};
    for (const name of Object.keys(replace)) indexOf('model.apply(replace)', name);
    const training = options.training ?? false;
    const seed = options.seed ?? 0;
    const handed: Tensor[] = [];
    const { out } = tf.tidy(() => {
      let h = x.dtype === 'float32' ? x : tf.cast(x, 'float32');
      for (let i = first; i <= last; i++) {
        const b = built[i]!;
        const name = b.info.name;
        h = b.apply(params[name], h, { training, seed: splitSeed(seed, i), hook });
        const r = replace[name];
        if (r !== undefined) {
          const next = typeof r === 'function' ? r(h) : r;
          if (!(next instanceof tf.Tensor) || !sameShape(next.shape, h.shape)) {
            throw new ShapeError(
              `model.apply(replace.${name})`,
              `the replacement of layer '${name}' must have its output's shape ${formatShape(h.shape)}, got ${next instanceof tf.Tensor ? formatShape(next.shape) : typeof next}`,
              h.shape,
              next instanceof tf.Tensor ? next.shape : [],
            );
          }
          h = next;
        }
        if (options.onLayer) {
          handed.push(h);
          options.onLayer(name, h);
        }
      }
      return { out: h, handed };
    });
    return out;
  };

  // A deep copy, frozen: what worker threads rebuild the model from must stay what the model is.
  const config: ModelConfig | undefined = layers.every((l) => l.config)
    ? deepFreeze(JSON.parse(JSON.stringify({ inputShape, layers: layers.map((l, i) => ({ ...l.config!, name: infos[i]!.name })) })) as ModelConfig)
    : undefined;
  const internals: ModelInternals = { run, affine: infos.filter((l) => l.type === 'dense' || l.type === 'conv2d') };
  const model: Model = {
    inputShape: [...inputShape],
    outputShape: [...shape],
    layers: infos,
    ...(config ? { config } : {}),
    init(seed = 0) {
      const params: Params = {};
      built.forEach((b, i) => {
        if (Object.keys(b.paramShapes).length) params[b.info.name] = b.init(splitSeed(seed, i));
      });
      return params;
    },
    apply: (params, x, options) => run(params, x, options),
  };
  Object.defineProperty(model, MODEL_INTERNALS, { value: internals, enumerable: false });
  return model;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
