import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { GradbookError, ShapeError } from '../errors.js';
import type { ApplyOptions, Model, Params } from '../model/types.js';
import { denseProjection } from './dense-projection.js';
import { fastfoodProjection } from './fastfood-projection.js';
import { checkVector, type Projection, type ProjectionKind } from './projection.js';
import { sparseProjection } from './sparse-projection.js';

/** The parameters of a {@link SubspaceModel}: only the subspace coordinates `d`. */
export type SubspaceParams = { subspace: { d: Tensor } };

/** A model trained in a random subspace, `θ = θ0 + P·d`: its only parameters are `d`. */
export interface SubspaceModel extends Model<SubspaceParams> {
  /** The model whose parameters `θ` are. */
  readonly base: Model;
  /** `P`. */
  readonly projection: Projection;
  /** The subspace dimension d. */
  readonly dim: number;
  /** The base model's parameter count D. */
  readonly size: number;
  /** `θ0 + P·d` as the base model's parameter tree (yours to dispose). */
  theta(params: SubspaceParams): Params;
  /** Frees the model's copy of `θ0`, and `P` when the model made it (not a projection you passed). */
  dispose(): void;
}

/** Options of {@link subspaceModel}. */
export interface SubspaceModelOptions {
  /** The subspace dimension d (needed unless `projection` is a {@link Projection}). */
  dim?: number;
  /** `'fastfood'` (default), `'sparse'`, `'dense'`, or a projection you made (which stays yours). */
  projection?: ProjectionKind | Projection;
  /** The starting point `θ0`, a tree of the base model (copied). Default `base.init(seed)`. */
  theta0?: Params;
  /** Seeds `θ0` (when not given) and the projection. Default 0. */
  seed?: number;
}

/**
 * Intrinsic dimension training: wraps a model so that its parameters are `θ = θ0 + P·d`, with `θ0` a
 * fixed random initialisation, `P` a fixed random `[D, d]` projection and only `d` trained (starting
 * at 0). The flat `θ` runs over the base model's layers in order and, within a layer, its parameters
 * in the layer's order (`kernel`, then `bias`), each row-major. The result is an ordinary
 * {@link Model} (`train`, `valueAndGrad`, `hvp` work on it); the smallest d whose training reaches
 * 90 % of the full model's accuracy is the intrinsic dimension d_int90 ({@link intrinsicDimension}).
 *
 * @param base - the model, e.g. `sequential([784], [dense({ units: 200 }), …])`.
 * @param options - `dim`, `projection` ('fastfood'), `theta0` (`base.init(seed)`), `seed` (0).
 * @returns the subspace model; `dispose()` it when done.
 * @example
 * const sub = subspaceModel(mlp, { dim: 750, projection: 'fastfood', seed: 1 });
 * const params = sub.init(); // { subspace: { d: zeros [750] } }
 * for await (const e of train({ model: sub, params, loss: crossEntropy, optimizer: adam(1e-2), data, epochs: 1 })) {}
 * @see Li, Farkhoor, Liu, Yosinski (2018), Measuring the Intrinsic Dimension of Objective Landscapes (ICLR).
 */
export function subspaceModel(base: Model, options: SubspaceModelOptions = {}): SubspaceModel {
  const where = 'subspaceModel';
  if (!base || typeof base.apply !== 'function' || typeof base.init !== 'function') {
    throw new GradbookError(`${where}(base)`, 'expected a model with init and apply, e.g. from sequential(...)');
  }
  const { seed = 0 } = options;
  const ownTheta0 = options.theta0 === undefined;
  const theta0 = options.theta0 ?? base.init(seed);
  // The canonical order: layers in model order, each layer's parameters in its order.
  const slots: { layer: string; param: string; shape: number[]; offset: number; size: number }[] = [];
  let size = 0;
  for (const layer of base.layers) {
    for (const param of layer.params) {
      const t = theta0[layer.name]?.[param];
      if (!(t instanceof tf.Tensor)) {
        if (ownTheta0) tf.dispose(Object.values(theta0).flatMap((g) => Object.values(g)));
        throw new GradbookError(`${where}(theta0)`, `theta0 lacks '${layer.name}.${param}'; pass the base model's parameters (base.init(seed))`);
      }
      slots.push({ layer: layer.name, param, shape: [...t.shape], offset: size, size: t.size });
      size += t.size;
    }
  }
  const flat0 = tf.tidy(() => tf.concat(slots.map((s) => tf.reshape(theta0[s.layer]![s.param]!, [-1]))));
  if (ownTheta0) tf.dispose(Object.values(theta0).flatMap((g) => Object.values(g)));
  const given = options.projection !== undefined && typeof options.projection === 'object';
  let projection: Projection;
  try {
    projection = given ? (options.projection as Projection) : makeProjection(where, options.projection ?? 'fastfood', options.dim, size, seed);
  } catch (err) {
    flat0.dispose();
    throw err;
  }
  if (projection.size !== size) {
    flat0.dispose();
    throw new ShapeError(`${where}(projection)`, `the projection maps into ${projection.size} parameters, the model has ${size}`, [size], [projection.size]);
  }
  const dim = projection.dim;

  const theta = (params: SubspaceParams): Params =>
    tf.tidy(() => {
      const d = params?.subspace?.d;
      if (!(d instanceof tf.Tensor)) throw new GradbookError(`${where}.apply(params)`, `expected { subspace: { d } } with d of shape [${dim}]; make one with model.init()`);
      checkVector(`${where}.apply`, d, dim);
      const flat = tf.add(flat0, projection.apply(d));
      const out: Params = {};
      for (const s of slots) (out[s.layer] ??= {})[s.param] = tf.reshape(tf.slice(flat, s.offset, s.size), s.shape);
      return out;
    });

  const apply = (params: SubspaceParams, x: Tensor, opts: ApplyOptions = {}): Tensor => {
    const handed: Tensor[] = [];
    const onLayer = opts.onLayer;
    const { out } = tf.tidy(() => {
      const o = base.apply(theta(params), x, onLayer ? { ...opts, onLayer: (n, t) => (handed.push(t), onLayer(n, t)) } : opts);
      return { out: o, handed };
    });
    return out;
  };

  return {
    inputShape: base.inputShape,
    outputShape: base.outputShape,
    // The layers are the base model's; their parameters now come from d.
    layers: base.layers.map((l) => ({ ...l, params: [] })),
    base,
    projection,
    dim,
    size,
    init: () => ({ subspace: { d: tf.zeros([dim]) } }),
    apply,
    theta,
    dispose() {
      flat0.dispose();
      if (!given) projection.dispose();
    },
  };
}

function makeProjection(where: string, kind: unknown, dim: number | undefined, size: number, seed: number): Projection {
  if (dim === undefined) throw new GradbookError(`${where}(dim)`, `give the subspace dimension dim (e.g. 750), or pass a projection`);
  if (kind === 'dense') return denseProjection({ dim, size, seed });
  if (kind === 'sparse') return sparseProjection({ dim, size, seed });
  if (kind === 'fastfood') return fastfoodProjection({ dim, size, seed });
  throw new GradbookError(`${where}(projection)`, `unknown projection ${JSON.stringify(kind)}; use 'fastfood', 'sparse', 'dense' or a projection object`);
}

