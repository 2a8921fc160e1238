import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { GradbookError, ShapeError, formatShape } from '../errors.js';
import type { BuiltLayer, Layer, LayerContext } from '../layers/layer.js';
import { splitSeed } from '../random/split-seed.js';
import { checkTree } from './check-trees.js';
import { MODEL_INTERNALS, type ModelInternals } from './internal.js';
import { flatLayers, namesInside } from './placed.js';
import type { LayerConfig, ModelConfig } from './config.js';
import type { ApplyOptions, LayerInfo, Model, ModelState, Params } from './types.js';

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * A model that runs layers one after the other: a functional model whose parameters live outside it,
 * in a tree `{ [layerName]: { kernel, bias } }`, and whose running statistics (`batchNorm`) live in
 * a second tree beside them, `{ [layerName]: { mean, variance } }` (`initState()`).
 *
 * `apply(params, x, options)` runs a batch and accepts `training` and `seed` (dropout; batch
 * statistics), `state` (running statistics for evaluation mode), `upTo` (stop after a layer),
 * `from` (start after a layer, `x` being its output), `replace` (substitute a layer's output) and
 * `onLayer` (see each layer's output; the tensors it receives belong to the caller, like the
 * result). `applyWithState(params, x, { training: true, state })` also returns the state moved
 * towards this batch's statistics; `train` calls it. Layers inside blocks (`residual`, `concat`)
 * have their own names and can be named in `upTo`, `replace` and `onLayer`. Inputs of the wrong
 * shape and trees that do not fit are errors that say which layer and which path.
 *
 * @param inputShape - one example's shape, e.g. `[784]`, `[28, 28, 1]`, or `[L]` token ids.
 * @param layers - layer descriptions from `dense`, `conv2d`, `maxPool2d`, `avgPool2d`, `flatten`,
 *   `dropout`, `activation`, `layerNorm`, `batchNorm`, `embedding`, `meanPool` and the blocks
 *   `residual` and `concat`. Unnamed layers are named by type and index (`dense1`).
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
  const built = buildChain('sequential(layers)', inputShape, layers, (layer, i) => `${layer.type}${i + 1}`);
  const all = flatLayers(built);
  const names = new Set<string>();
  for (const b of all) {
    if (names.has(b.info.name)) throw new GradbookError('sequential(layers)', `two layers are named '${b.info.name}'; names must be unique`);
    names.add(b.info.name);
  }
  const shape = built[built.length - 1]!.info.outputShape;
  const infos: LayerInfo[] = all.map((b) => b.info);
  const inside = new Map(all.map((b) => [b, namesInside(b)] as const));
  const indexOf = (where: string, name: string): number => {
    const i = infos.findIndex((l) => l.name === name);
    if (i < 0) throw new GradbookError(where, `no layer named '${name}'; the layers are ${infos.map((l) => l.name).join(', ')}`);
    return i;
  };
  const topIndex = (where: string, name: string): number => {
    indexOf(where, name);
    const i = built.findIndex((b) => b.info.name === name);
    if (i < 0) {
      const block = infos.find((l) => l.name === name)!.block;
      throw new GradbookError(where, `layer '${name}' is inside block '${block}', whose other paths need the block's input; start from a layer outside blocks (${built.map((b) => b.info.name).join(', ')})`);
    }
    return i;
  };
  const stateful = all.filter((b) => b.stateShapes && Object.keys(b.stateShapes).length > 0);

  const run = (params: Params, x: Tensor, options: ApplyOptions = {}, hook?: LayerContext['hook'], collect?: ModelState): Tensor => {
    const first = options.from === undefined ? 0 : topIndex('model.apply(from)', options.from) + 1;
    const upTo = options.upTo;
    let last = built.length - 1;
    if (upTo !== undefined) {
      indexOf('model.apply(upTo)', upTo);
      last = built.findIndex((b) => b.info.name === upTo || inside.get(b)!.has(upTo));
      if (last < first) throw new GradbookError('model.apply(upTo)', `layer '${upTo}' comes before the start of the run (after '${options.from}')`);
    }
    if (first >= built.length) throw new GradbookError('model.apply(from)', `layer '${options.from}' is the last layer; nothing runs after it`);
    if (!(x instanceof tf.Tensor)) throw new GradbookError('model.apply(x)', `expected a tensor, got ${typeof x}`);
    if (x.isDisposed) throw new GradbookError('model.apply(x)', `the input tensor ${formatShape(x.shape)} is disposed`);
    const expected = first === 0 ? inputShape : built[first - 1]!.info.outputShape;
    if (x.rank !== expected.length + 1 || !sameShape(x.shape.slice(1), expected)) {
      const layer = built[first]!.info;
      throw new ShapeError(
        'model.apply(x)',
        `layer '${layer.name}' (${layer.type}) expects a batch of ${formatShape(expected)}, i.e. ${formatShape([null, ...expected])}, but got ${formatShape(x.shape)}; ` +
          (sameShape(x.shape, expected) ? 'add a batch dimension: tf.expandDims(x, 0)' : `reshape the data, or build the model for inputs of ${formatShape(x.shape.slice(1))}`),
        [null, ...expected],
        x.shape,
      );
    }
    const used = flatLayers(built.slice(first, last + 1));
    checkTree('params', params, infos, all, used);
    const training = options.training ?? false;
    // Layers read running statistics in evaluation mode; in training they are where updates start.
    const state = options.state;
    if (state !== undefined) checkTree('state', state, infos, all, used);
    const replace = options.replace ?? {};
    for (const name of Object.keys(replace)) indexOf('model.apply(replace)', name);
    const handed: Tensor[] = [];

    const runChain = (chain: readonly BuiltLayer[], input: Tensor, seed: number, offset: number): { output: Tensor; stopped: boolean } => {
      let h = input;
      for (let j = 0; j < chain.length; j++) {
        const b = chain[j]!;
        const name = b.info.name;
        const layerSeed = splitSeed(seed, offset + j);
        const context: LayerContext = {
          training,
          seed: layerSeed,
          hook,
          state: state?.[name],
          setState: collect && training ? (s) => void (collect[name] = s) : undefined,
          run: (ls, xs, branch = 0) => runChain(ls, xs, splitSeed(layerSeed, branch), 0),
        };
        h = b.apply(params[name], h, context);
        if (upTo !== undefined && inside.get(b)?.has(upTo)) return { output: h, stopped: true };
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
        if (name === upTo) return { output: h, stopped: true };
      }
      return { output: h, stopped: false };
    };

    const { out } = tf.tidy(() => {
      const integer = first === 0 && built[0]!.integerInput === true;
      const h0 = integer || x.dtype === 'float32' ? x : tf.cast(x, 'float32');
      const { output } = runChain(built.slice(first, last + 1), h0, options.seed ?? 0, first);
      return { out: output, handed, collected: collect ? Object.values(collect).flatMap((g) => Object.values(g)) : [] };
    });
    return out;
  };

  // A deep copy, frozen: what worker threads rebuild the model from must stay what the model is.
  const configs = built.map((b, i) => resolvedConfig(layers[i]!, b));
  const config: ModelConfig | undefined = configs.every((c) => c !== undefined)
    ? deepFreeze(JSON.parse(JSON.stringify({ inputShape, layers: configs })) as ModelConfig)
    : undefined;
  const internals: ModelInternals = { run: (p, x, o, hook) => run(p, x, o, hook), affine: infos.filter((l) => l.type === 'dense' || l.type === 'conv2d') };

  const initState = (): ModelState => {
    const s: ModelState = {};
    for (const b of stateful) s[b.info.name] = b.initState!();
    return s;
  };
  const model: Model = {
    inputShape: [...inputShape],
    outputShape: [...shape],
    layers: infos,
    ...(config ? { config } : {}),
    init(seed = 0) {
      const params: Params = {};
      const initChain = (chain: readonly BuiltLayer[], s: number, offset: number): void => {
        chain.forEach((b, j) => {
          const layerSeed = splitSeed(s, offset + j);
          if (Object.keys(b.paramShapes).length) params[b.info.name] = b.init(layerSeed);
          b.branches?.forEach((branch, k) => initChain(branch, splitSeed(layerSeed, k), 0));
        });
      };
      initChain(built, seed, 0);
      return params;
    },
    apply: (params, x, options) => run(params, x, options),
    initState,
    applyWithState(params, x, options = {}) {
      const given = options.state;
      const collect: ModelState = {};
      const output = run(params, x, { ...options, state: given }, undefined, collect);
      const state: ModelState = {};
      for (const b of stateful) {
        const name = b.info.name;
        const fresh = collect[name];
        if (fresh) state[name] = fresh;
        else if (given?.[name]) state[name] = Object.fromEntries(Object.entries(given[name]!).map(([k, t]) => [k, tf.clone(t)]));
        else state[name] = b.initState!();
      }
      return { output, state };
    },
  };
  Object.defineProperty(model, MODEL_INTERNALS, { value: internals, enumerable: false });
  return model;
}

/**
 * Places `layers` one after the other on inputs of `inputShape`; `defaultName` names unnamed ones.
 * Blocks use it for the layers inside them. @internal
 */
export function buildChain(
  where: string,
  inputShape: readonly number[],
  layers: readonly Layer[],
  defaultName: (layer: Layer, i: number) => string,
): BuiltLayer[] {
  const built: BuiltLayer[] = [];
  let shape: readonly number[] = [...inputShape];
  layers.forEach((layer, i) => {
    if (!layer || typeof layer.build !== 'function') {
      throw new GradbookError(where, `item ${i} is not a layer; make layers with dense(...), conv2d(...), flatten() and the like`);
    }
    const b = layer.build(shape, layer.name ?? defaultName(layer, i));
    if (b.integerInput && i > 0) throw new GradbookError(where, `${layer.type} layer '${b.info.name}' takes integer ids, so it must come first`);
    built.push(b);
    shape = b.info.outputShape;
  });
  return built;
}

/** A layer's config with its resolved name (blocks: with the names of the layers inside). @internal */
export function resolvedConfig(layer: Layer, b: BuiltLayer): LayerConfig | undefined {
  if (b.config) return b.config;
  return layer.config ? ({ ...layer.config, name: b.info.name } as LayerConfig) : undefined;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
