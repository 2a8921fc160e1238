/**
 * Test-only: an independent, minimal implementation of the conformance model spec (dense, conv2d,
 * maxpool2d, flatten, layernorm, batchnorm, embedding; linear/relu/tanh/sigmoid) on plain tfjs ops, with tanh, sigmoid and exp given
 * gradients computed from their inputs so that second derivatives are right. Attribution's tests
 * use it as the model under test, so they do not depend on core's model code.
 */
import { tf } from '@gradbook/core';
import type { ApplyOptions, LayerInfo, Model, Params, Scalar, Tensor } from '@gradbook/core';

const tanh2 = tf.customGrad((x: any, save: any) => {
  save([x]);
  return { value: tf.tanh(x), gradFunc: (dy: any, [x0]: any) => tf.mul(dy, tf.sub(1, tf.square(tf.tanh(x0)))) };
}) as (x: Tensor) => Tensor;

const exp2 = tf.customGrad((x: any, save: any) => {
  save([x]);
  return { value: tf.exp(x), gradFunc: (dy: any, [x0]: any) => tf.mul(dy, tf.exp(x0)) };
}) as (x: Tensor) => Tensor;

const sigmoid2 = (x: Tensor): Tensor => tf.div(1, tf.add(1, exp2(tf.neg(x))));

function act(name: string, x: Tensor): Tensor {
  if (name === 'relu') return tf.relu(x);
  if (name === 'tanh') return tanh2(x);
  if (name === 'sigmoid') return sigmoid2(x);
  return x;
}

/** Log-softmax whose second derivative is right (exp with an input-based gradient). */
export function logSoftmax2(z: Tensor): Tensor {
  // The shift is read back as a constant: max's gradient is not differentiable in tfjs.
  const m = tf.tensor(tf.max(z, -1, true).dataSync(), [z.shape[0]!, 1]);
  const s = tf.sub(z, m);
  return tf.sub(s, tf.log(tf.sum(exp2(s), -1, true)));
}

/** Mean cross-entropy of logits against integer labels, second-order correct. */
export function crossEntropy2(logits: Tensor, labels: Tensor): Scalar {
  return tf.tidy(() => {
    const onehot = tf.oneHot(tf.cast(labels, 'int32'), logits.shape[1]!);
    return tf.neg(tf.mean(tf.sum(tf.mul(onehot, logSoftmax2(logits)), -1))) as Scalar;
  });
}

interface SpecLayer {
  name: string;
  type: string;
  [k: string]: any;
}

/** Builds `{ model, params }` from a conformance model spec. */
export function specModel(spec: { inputShape: number[]; layers: SpecLayer[] }): { model: Model; params: Params } {
  const infos: LayerInfo[] = [];
  const params: Params = {};
  let shape = [...spec.inputShape];
  const fns: ((p: Params, x: Tensor) => Tensor)[] = [];
  for (const l of spec.layers) {
    const inShape = [...shape];
    if (l.type === 'dense') {
      params[l.name] = { kernel: tf.tensor(l.kernel), bias: tf.tensor(l.bias) };
      const units = (l.bias as number[]).length;
      fns.push((p, x) => act(l.activation ?? 'linear', tf.add(tf.matMul(x, p[l.name]!.kernel!), p[l.name]!.bias!)));
      shape = [units];
    } else if (l.type === 'conv2d') {
      params[l.name] = { kernel: tf.tensor(l.kernel), bias: tf.tensor(l.bias) };
      const kernel = l.kernel as number[][][][];
      const [kh, kw, out] = [kernel.length, kernel[0]!.length, kernel[0]![0]![0]!.length];
      const s = l.strides ?? 1;
      const pad = l.padding ?? 'valid';
      fns.push((p, x) => act(l.activation ?? 'linear', tf.add(tf.conv2d(x as any, p[l.name]!.kernel as any, s, pad), p[l.name]!.bias!)));
      const [h, w] = shape as [number, number];
      shape = pad === 'same' ? [Math.ceil(h / s), Math.ceil(w / s), out!] : [Math.floor((h - kh!) / s) + 1, Math.floor((w - kw!) / s) + 1, out!];
    } else if (l.type === 'maxpool2d') {
      const size = l.size;
      const s = l.strides ?? size;
      fns.push((_p, x) => tf.maxPool(x as any, size, s, 'valid'));
      const [h, w, c] = shape as [number, number, number];
      shape = [Math.floor((h - size) / s) + 1, Math.floor((w - size) / s) + 1, c];
    } else if (l.type === 'layernorm' || l.type === 'batchnorm') {
      // Straight from the formula: μ and the biased σ² over the last axis of each example
      // (layernorm) or over every axis but the last, the batch included (batchnorm, training mode).
      params[l.name] = { gamma: tf.tensor(l.gamma), beta: tf.tensor(l.beta) };
      const eps = l.epsilon ?? 1e-5;
      fns.push((p, x) => {
        const axes = l.type === 'layernorm' ? [x.rank - 1] : x.shape.slice(0, -1).map((_, i) => i);
        const mu = tf.mean(x, axes, true);
        const centred = tf.sub(x, mu);
        const variance = tf.mean(tf.mul(centred, centred), axes, true);
        const y = tf.add(tf.mul(tf.div(centred, tf.sqrt(tf.add(variance, eps))), p[l.name]!.gamma!), p[l.name]!.beta!);
        return act(l.activation ?? 'linear', y);
      });
    } else if (l.type === 'embedding') {
      // Rows picked by a one-hot product, so the table's gradient needs no segment sum (wasm has none).
      params[l.name] = { embeddings: tf.tensor(l.embeddings) };
      const [vocab, dim] = [(l.embeddings as number[][]).length, (l.embeddings as number[][])[0]!.length];
      fns.push((p, x) => {
        const ids = tf.cast(tf.reshape(x, [-1]), 'int32') as Tensor;
        const onehot = tf.cast(tf.oneHot(ids as any, vocab), 'float32');
        return tf.reshape(tf.matMul(onehot as any, p[l.name]!.embeddings as any), [...x.shape, dim]);
      });
      shape = [...shape, dim];
    } else if (l.type === 'flatten') {
      fns.push((_p, x) => tf.reshape(x, [x.shape[0]!, -1]));
      shape = [shape.reduce((a, b) => a * b, 1)];
    } else throw new Error(`specModel: unknown layer ${l.type}`);
    infos.push({ name: l.name, type: l.type, inputShape: inShape, outputShape: [...shape], params: params[l.name] ? Object.keys(params[l.name]!) : [] });
  }
  const model: Model = {
    inputShape: spec.inputShape,
    outputShape: shape,
    layers: infos,
    // Test-only: the spec's parameters are the "initialisation" (the seed is ignored).
    init: () => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).map(([n, t]) => [n, tf.clone(t)]))])),
    apply(p: Params, x: Tensor, o: ApplyOptions = {}): Tensor {
      let start = 0;
      if (o.from !== undefined) start = infos.findIndex((l) => l.name === o.from) + 1;
      let h = x;
      for (let i = start; i < fns.length; i++) {
        h = fns[i]!(p, h);
        const name = infos[i]!.name;
        const r = o.replace?.[name];
        if (r) h = typeof r === 'function' ? r(h) : r;
        o.onLayer?.(name, h);
        if (o.upTo === name) return h;
      }
      return h;
    },
  };
  return { model, params };
}

/** A conformance case by id (the repository's copy, or the shared folder's when present). */
export async function loadCase(name: string): Promise<any> {
  const { loadCase: load } = await import('@gradbook/conformance-cases');
  return load(name);
}

/** Max of |c − e| − rtol·|e| − atol over two nested arrays; ≤ 0 means within tolerance. */
export function excess(computed: any, expected: any, tol: { rtol: number; atol: number }): number {
  if (typeof expected === 'number') return Math.abs(computed - expected) - tol.atol - tol.rtol * Math.abs(expected);
  if (Array.isArray(expected)) {
    if (!Array.isArray(computed) || computed.length !== expected.length) return Infinity;
    return Math.max(-Infinity, ...expected.map((e, i) => excess(computed[i], e, tol)));
  }
  return Math.max(-Infinity, ...Object.keys(expected).map((k) => excess(computed?.[k], expected[k], tol)));
}

/** A seeded random dense-network spec: `sizes = [in, hidden…, out]`, the last layer linear. */
export function mlpSpec(sizes: number[], activation: string, seed = 1): { inputShape: number[]; layers: SpecLayer[] } {
  let s = seed >>> 0 || 1;
  const rand = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
  const layers: SpecLayer[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const [a, b] = [sizes[i]!, sizes[i + 1]!];
    const scale = 2 / Math.sqrt(a);
    layers.push({
      name: `dense${i + 1}`,
      type: 'dense',
      activation: i + 2 === sizes.length ? 'linear' : activation,
      kernel: Array.from({ length: a }, () => Array.from({ length: b }, () => rand() * scale * 2)),
      bias: Array.from({ length: b }, () => rand() * 0.2),
    });
  }
  return { inputShape: [sizes[0]!], layers };
}

/** Seeded 2-D Gaussian blobs around the given centres: `{ x: [n·k, 2], y: [n·k] }`. */
export function blobs(centres: number[][], perClass: number, std: number, seed: number): { x: Tensor; y: Tensor } {
  let s = seed >>> 0 || 1;
  const u = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
  const gauss = (): number => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  const xs: number[][] = [];
  const ys: number[] = [];
  centres.forEach((c, k) => {
    for (let i = 0; i < perClass; i++) {
      xs.push([c[0]! + std * gauss(), c[1]! + std * gauss()]);
      ys.push(k);
    }
  });
  return { x: tf.tensor2d(xs), y: tf.tensor1d(ys, 'int32') };
}
