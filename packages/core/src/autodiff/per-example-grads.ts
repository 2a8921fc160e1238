import type { Tensor, Tensor1D } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { GradbookError, formatShape } from '../errors.js';
import { internalsOf } from '../model/internal.js';
import { perExampleFilterGrads, type ConvSpec } from '../ops/conv2d.js';
import type { Loss, Model, Params } from '../model/types.js';
import { tapeGradients } from './gradients.js';
import { flatten, unflatten } from '../tree/flatten.js';

/** Options of {@link perExampleGrads} and {@link perExampleGradNorms}. */
export interface PerExampleOptions<P extends Params = Params> {
  model: Model<P>;
  params: P;
  /** A mean over the batch of per-example losses (as `crossEntropy` and `mse` are). */
  loss: Loss;
  /** A batch of inputs, first dimension n. */
  x: Tensor;
  /** The matching targets, first dimension n. */
  y: Tensor;
}

function check(where: string, o: PerExampleOptions): number {
  if (!o || !o.model || typeof o.model.apply !== 'function') throw new GradbookError(`${where}(model)`, 'expected a model, e.g. from sequential(...)');
  if (!(o.x instanceof tf.Tensor) || !(o.y instanceof tf.Tensor)) throw new GradbookError(`${where}(x, y)`, 'expected tensors x and y');
  const bn = o.model.layers?.find((l) => l.type === 'batchnorm');
  if (bn) {
    throw new GradbookError(`${where}(model)`, `layer '${bn.name}' is a batchNorm, which couples the examples of a batch through its statistics, so no example has a gradient of its own; use layerNorm for per-example methods`);
  }
  const n = o.x.shape[0]!;
  if (o.y.shape[0] !== n) {
    throw new GradbookError(`${where}(y)`, `x has ${n} examples ${formatShape(o.x.shape)} but y has ${o.y.shape[0]} ${formatShape(o.y.shape)}`);
  }
  return n;
}

interface Deltas {
  /** Each affine layer's input: `[n, in]` or `[n, h, w, c]`. */
  features: Record<string, Tensor>;
  /** How each conv layer slides its kernel. */
  convs: Record<string, ConvSpec>;
  /** The per-example gradient at each affine layer's pre-activation, shaped like it. */
  deltas: Record<string, Tensor>;
}

/** One backward pass with zero probes added at every pre-activation (call inside a tidy). */
function deltasOf(o: PerExampleOptions, n: number): Deltas | undefined {
  const internals = internalsOf(o.model);
  if (!internals) return undefined;
  // probes give dense and conv2d gradients only; any other layer with parameters needs the loop
  if (o.model.layers.some((l) => l.params.length > 0 && !internals.affine.includes(l))) return undefined;
  const names = internals.affine.map((l) => l.name);
  const probes = internals.affine.map((l) => tf.zeros([n, ...l.outputShape]));
  const features: Record<string, Tensor> = {};
  const convs: Record<string, ConvSpec> = {};
  const { value, grads } = tapeGradients(
    'perExampleGrads(loss)',
    () => {
      const hook = (name: string, feats: Tensor, pre: Tensor, conv?: ConvSpec): Tensor => {
        features[name] = feats === o.x ? feats : tf.keep(feats);
        if (conv) convs[name] = conv;
        return tf.add(pre, probes[names.indexOf(name)]!);
      };
      // The loss is a mean over the batch: n × loss sums the per-example losses.
      return tf.mul(o.loss(internals.run(o.params, o.x, {}, hook), o.y), n);
    },
    probes,
  );
  value.dispose();
  const deltas: Record<string, Tensor> = {};
  names.forEach((name, i) => {
    deltas[name] = grads[i]!;
  });
  return { features, convs, deltas };
}

function disposeFeatures(d: Deltas, x: Tensor): void {
  tf.dispose(Object.values(d.features).filter((t) => t !== x));
}

/**
 * Each example's own gradient of the loss, in one backward pass: the gradient of `n × loss` at zero
 * probes added to each layer's pre-activation gives every example's delta, and a dense layer's
 * per-example kernel gradient is the outer product of its input and delta (a conv layer's, one
 * depthwise convolution of its input with the deltas, the batch acting as channels). Models not
 * made by `sequential` fall back to a loop over examples.
 *
 * @param options - `model`, `params`, `loss` (a mean over the batch of per-example losses), `x`, `y`.
 * @returns a tree shaped like `params` whose leaves have a leading batch dimension n:
 *   `grads.dense1.kernel[i]` is the gradient of the loss on example i alone.
 * @example
 * const g = perExampleGrads({ model, params, loss: crossEntropy, x, y });
 * g.hidden.kernel.shape; // [n, 784, 256]
 * @see Goodfellow (2015), Efficient per-example gradient computations.
 */
export function perExampleGrads<P extends Params>(options: PerExampleOptions<P>): P {
  const n = check('perExampleGrads', options as PerExampleOptions);
  return tf.tidy(() => {
    const d = deltasOf(options as PerExampleOptions, n);
    if (!d) return loopGrads(options as PerExampleOptions, n) as never;
    const out: Params = {};
    for (const layer of options.model.layers) {
      const delta = d.deltas[layer.name];
      if (!delta) continue;
      const feats = d.features[layer.name]!;
      if (layer.type === 'dense') {
        out[layer.name] = {
          kernel: tf.mul(tf.expandDims(feats, 2), tf.expandDims(delta, 1)),
          bias: delta,
        };
      } else {
        out[layer.name] = { kernel: perExampleFilterGrads(feats, delta, d.convs[layer.name]!), bias: tf.sum(delta, [1, 2]) };
      }
    }
    disposeFeatures(d, options.x);
    return out as never;
  });
}

/** The fallback: one gradient per example (slow but general). */
function loopGrads(o: PerExampleOptions, n: number): Params {
  const { leaves, structure } = flatten(o.params);
  const perLeaf: Tensor[][] = leaves.map(() => []);
  for (let i = 0; i < n; i++) {
    const xi = tf.slice(o.x, i, 1);
    const yi = tf.slice(o.y, i, 1);
    const { value, grads } = tapeGradients('perExampleGrads(loss)', () => o.loss(o.model.apply(o.params, xi), yi), leaves);
    value.dispose();
    grads.forEach((g, j) => perLeaf[j]!.push(g));
  }
  return unflatten(structure, perLeaf.map((gs) => tf.stack(gs))) as Params;
}

/**
 * The norm of each example's gradient over all parameters, without forming dense layers'
 * per-example kernel gradients: `‖hᵢ ⊗ δᵢ‖² = ‖hᵢ‖²·‖δᵢ‖²`.
 *
 * @param options - as for {@link perExampleGrads}, plus `squared` (default `false`): return squared norms.
 * @returns a `[n]` tensor of L2 norms (or their squares).
 * @example
 * perExampleGradNorms({ model, params, loss: crossEntropy, x, y }).print();
 */
export function perExampleGradNorms<P extends Params>(options: PerExampleOptions<P> & { squared?: boolean }): Tensor1D {
  const n = check('perExampleGradNorms', options as PerExampleOptions);
  return tf.tidy(() => {
    const d = deltasOf(options as PerExampleOptions, n);
    let total: Tensor;
    if (!d) {
      const g = loopGrads(options as PerExampleOptions, n);
      const parts = flatten(g).leaves.map((t) => tf.sum(tf.square(tf.reshape(t, [n, -1])), 1));
      total = parts.length === 1 ? parts[0]! : tf.addN(parts);
    } else {
      const parts: Tensor[] = [];
      for (const layer of options.model.layers) {
        const delta = d.deltas[layer.name];
        if (!delta) continue;
        const feats = d.features[layer.name]!;
        if (layer.type === 'dense') {
          const dd = tf.sum(tf.square(delta), 1);
          parts.push(dd, tf.mul(tf.sum(tf.square(feats), 1), dd));
        } else {
          parts.push(tf.sum(tf.square(tf.sum(delta, [1, 2])), 1));
          parts.push(tf.sum(tf.square(tf.reshape(perExampleFilterGrads(feats, delta, d.convs[layer.name]!), [n, -1])), 1));
        }
      }
      disposeFeatures(d, options.x);
      total = tf.addN(parts);
    }
    return (options.squared ? total : tf.sqrt(total)) as Tensor1D;
  });
}

// Exported for tests of the fast path against the loop.
export { loopGrads as perExampleGradsByLoop };
