import { afterAll, describe, expect, it } from 'vitest';
import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { setBackend } from '../backend.js';
import { tf } from '../tf.js';
import { ShapeError } from '../errors.js';
import { sequential } from './sequential.js';
import { fromSpec } from './from-spec.js';
import { ParamsError, SpecError } from './errors.js';
import { activation } from '../layers/activation.js';
import { conv2d } from '../layers/conv2d.js';
import { dense } from '../layers/dense.js';
import { dropout } from '../layers/dropout.js';
import { flatten } from '../layers/flatten.js';
import { avgPool2d, maxPool2d } from '../layers/pool.js';
import { crossEntropy } from '../losses/cross-entropy.js';
import { mse } from '../losses/mse.js';
import { gradError, hvpError, leaked } from '../test-utils/finite-diff.js';
import { randoms } from '../test-utils/reference64.js';
import { dispose } from '../tree/arithmetic.js';
import type { Params } from './types.js';

const labels = (n: number, k: number) => tf.tensor1d(Array.from({ length: n }, (_, i) => (i * 7) % k), 'int32');

/** One small model per layer type, each ending in logits for a cross-entropy. */
const MODELS: Record<string, () => ReturnType<typeof sequential>> = {
  'dense (tanh, sigmoid, gelu, softplus, relu)': () =>
    sequential([4], [
      dense({ name: 'a', units: 5, activation: 'tanh' }),
      dense({ name: 'b', units: 5, activation: 'sigmoid' }),
      dense({ name: 'c', units: 4, activation: 'gelu' }),
      dense({ name: 'd', units: 4, activation: 'softplus' }),
      dense({ name: 'e', units: 4, activation: 'relu' }),
      dense({ name: 'out', units: 3 }),
    ]),
  'conv2d same/valid, strides, maxPool2d, flatten': () =>
    sequential([6, 6, 2], [
      conv2d({ name: 'c1', filters: 3, kernelSize: 3, padding: 'same', activation: 'tanh' }),
      maxPool2d({ name: 'p1', size: 2 }),
      conv2d({ name: 'c2', filters: 2, kernelSize: 2, strides: 2, padding: 'valid', activation: 'sigmoid' }),
      flatten({ name: 'f' }),
      dense({ name: 'out', units: 3 }),
    ]),
  'avgPool2d, activation layer, dropout (inactive)': () =>
    sequential([4, 4, 1], [
      conv2d({ name: 'c', filters: 2, kernelSize: 2, padding: 'same' }),
      activation('tanh'),
      avgPool2d({ size: 2 }),
      flatten(),
      dropout({ rate: 0.5 }),
      dense({ name: 'out', units: 3 }),
    ]),
};

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`layers and sequential on ${backend}`, () => {
    afterAll(() => setBackend('cpu'));

    for (const [name, make] of Object.entries(MODELS)) {
      it(`${name}: loss gradient and H·v agree with central differences`, async () => {
        await setBackend(backend);
        const model = make();
        const params = model.init(3);
        const x = tf.tensor(randoms(9, 2 * model.inputShape.reduce((a, b) => a * b), -1, 1), [2, ...model.inputShape]);
        const y = labels(2, 3);
        const f = (p: Params) => crossEntropy(model.apply(p, x), y);
        const n = await leaked(() => {
          // Max pooling has kinks where the maximum changes hands; small steps stay clear of them.
          const eps = name.includes('maxPool') ? 1e-3 : 1e-2;
          expect(gradError(f, params, { eps })).toBeLessThan(2e-3);
          expect(hvpError(f, params, { eps })).toBeLessThan(2e-2);
        });
        expect(n).toBe(0);
        tf.dispose([x, y]);
        dispose(params);
      });
    }

    it('init is seeded: the same seed gives the same parameters on every backend, another seed others', async () => {
      await setBackend(backend);
      const model = MODELS['conv2d same/valid, strides, maxPool2d, flatten']!();
      const a = model.init(7);
      const b = model.init(7);
      const c = model.init(8);
      expect(Array.from(a.c1!.kernel!.dataSync())).toEqual(Array.from(b.c1!.kernel!.dataSync()));
      expect(Array.from(a.c1!.kernel!.dataSync())).not.toEqual(Array.from(c.c1!.kernel!.dataSync()));
      // Glorot uniform limit for the 3×3×2→3 tanh conv: sqrt(6 / (18 + 27))
      const limit = Math.sqrt(6 / (18 + 27));
      const k = Array.from(a.c1!.kernel!.dataSync());
      expect(Math.max(...k.map(Math.abs))).toBeLessThanOrEqual(limit);
      expect(Math.max(...k.map(Math.abs))).toBeGreaterThan(0.8 * limit);
      expect(Array.from(a.c1!.bias!.dataSync())).toEqual([0, 0, 0]);
      expect(Object.keys(a).sort()).toEqual(['c1', 'c2', 'out']);
      [a, b, c].forEach((p) => dispose(p));
    });

    it('dropout: training masks from the seed (same seed, same mask), inverted scaling, identity otherwise', async () => {
      await setBackend(backend);
      const model = sequential([1000], [dropout({ name: 'drop', rate: 0.25 })]);
      const x = tf.ones([2, 1000]);
      const m1 = Array.from(model.apply({}, x, { training: true, seed: 5 }).dataSync());
      const m2 = Array.from(model.apply({}, x, { training: true, seed: 5 }).dataSync());
      const m3 = Array.from(model.apply({}, x, { training: true, seed: 6 }).dataSync());
      expect(m1).toEqual(m2);
      expect(m1).not.toEqual(m3);
      expect(new Set(m1.map((v) => v.toFixed(4)))).toEqual(new Set(['0.0000', '1.3333']));
      const kept = m1.filter((v) => v > 0).length / m1.length;
      expect(kept).toBeGreaterThan(0.7);
      expect(kept).toBeLessThan(0.8);
      expect(Array.from(model.apply({}, x).dataSync()).every((v) => v === 1)).toBe(true);
      tf.disposeVariables();
      x.dispose();
    });

    it('upTo, from, replace and onLayer split and steer the forward pass', async () => {
      await setBackend(backend);
      const model = MODELS['dense (tanh, sigmoid, gelu, softplus, relu)']!();
      const params = model.init(1);
      const x = tf.tensor2d(randoms(2, 12), [3, 4]);
      const n = await leaked(() =>
        tf.tidy(() => {
          const full = model.apply(params, x);
          const mid = model.apply(params, x, { upTo: 'c' });
          expect(mid.shape).toEqual([3, 4]);
          const rest = model.apply(params, mid, { from: 'c' });
          expect(Array.from(rest.dataSync())).toEqual(Array.from(full.dataSync()));
          const seen: string[] = [];
          model.apply(params, x, { onLayer: (name) => seen.push(name) });
          expect(seen).toEqual(['a', 'b', 'c', 'd', 'e', 'out']);
          const zeroed = model.apply(params, x, { replace: { e: tf.zeros([3, 4]) } });
          // with e's output zero, the logits are out's bias (zero at init)
          expect(Array.from(zeroed.dataSync()).every((v) => v === 0)).toBe(true);
          const doubled = model.apply(params, x, { replace: { out: (o: Tensor) => tf.mul(o, 2) } });
          Array.from(doubled.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(2 * full.dataSync()[i]!, 5));
        }),
      );
      expect(n).toBe(0);
      x.dispose();
      dispose(params);
    });

    it('tensors handed to onLayer stay alive after apply returns (they belong to the caller)', async () => {
      await setBackend(backend);
      const model = MODELS['dense (tanh, sigmoid, gelu, softplus, relu)']!();
      const params = model.init(1);
      const x = tf.ones([1, 4]);
      const kept: Tensor[] = [];
      const out = model.apply(params, x, { onLayer: (_n, t) => kept.push(t) });
      expect(kept[0]!.isDisposed).toBe(false);
      expect(kept[0]!.shape).toEqual([1, 5]);
      tf.dispose([out, x, ...kept]);
      dispose(params);
    });
  });
}

describe('seeded initialisation and dropout across backends', () => {
  afterAll(() => setBackend('cpu'));

  it('the same seed gives bit-identical parameters and dropout masks on cpu and wasm', async () => {
    const model = sequential([6, 6, 1], [
      conv2d({ name: 'c', filters: 2, kernelSize: 3, activation: 'relu' }),
      flatten(),
      dropout({ name: 'drop', rate: 0.5 }),
      dense({ name: 'o', units: 3, activation: 'tanh' }),
    ]);
    const draw = async (backend: 'cpu' | 'wasm') => {
      await setBackend(backend);
      const p = model.init(123);
      const x = tf.ones([4, 6, 6, 1]);
      const masked = model.apply(p, x, { training: true, seed: 9, upTo: 'drop' });
      const out = { c: Array.from(p.c!.kernel!.dataSync()), o: Array.from(p.o!.kernel!.dataSync()), zeros: Array.from(masked.dataSync(), (v) => v === 0) };
      tf.dispose([x, masked]);
      dispose(p);
      return out;
    };
    const cpu = await draw('cpu');
    const wasm = await draw('wasm');
    expect(wasm.c).toEqual(cpu.c);
    expect(wasm.o).toEqual(cpu.o);
    expect(wasm.zeros).toEqual(cpu.zeros);
  });
});

describe('errors that name the problem', () => {
  const model = sequential([4], [dense({ name: 'hidden', units: 3, activation: 'relu' }), dense({ name: 'logits', units: 2 })]);

  it('a wrong input shape names the layer and both shapes', () => {
    const params = model.init(0);
    const x = tf.zeros([5, 3]);
    let err: unknown;
    try {
      model.apply(params, x);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ShapeError);
    expect((err as Error).message).toMatch(/layer 'hidden' \(dense\) expects a batch of \[4\], i\.e\. \[\?, 4\], but got \[5, 3\]/);
    expect(() => model.apply(params, tf.zeros([4]))).toThrow(/add a batch dimension/);
    expect(() => model.apply(params, tf.zeros([5, 4]), { from: 'hidden' })).toThrow(/layer 'logits' \(dense\) expects a batch of \[3\]/);
    tf.dispose(x);
    dispose(params);
  });

  it('a parameter tree that does not fit says where', () => {
    const p = model.init(0);
    const x = tf.zeros([1, 4]);
    const missing = { hidden: p.hidden! } as Params;
    expect(() => model.apply(missing, x)).toThrow(ParamsError);
    expect(() => model.apply(missing, x)).toThrow(/params lacks 'logits'/);
    const wrong = { ...p, logits: { kernel: tf.zeros([4, 2]), bias: p.logits!.bias! } };
    expect(() => model.apply(wrong, x)).toThrow(/'logits\.kernel' has shape \[4, 2\], expected \[3, 2\]/);
    expect(() => model.apply({ ...p, hiden: p.hidden! }, x)).toThrow(/params has 'hiden'/);
    expect(() => model.apply({ ...p, logits: { kernel: p.logits!.kernel! } } as Params, x)).toThrow(/lacks the tensor 'logits\.bias'/);
    tf.dispose([x, wrong.logits.kernel]);
    dispose(p);
  });

  it('a disposed parameter or input names its path instead of failing inside TensorFlow.js', () => {
    const p = model.init(0);
    const x = tf.zeros([1, 4]);
    p.logits!.kernel!.dispose();
    let err: unknown;
    try {
      model.apply(p, x);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParamsError);
    expect((err as ParamsError).path).toBe('logits.kernel');
    expect((err as Error).message).toMatch(/^model\.apply\(params\): the tensor 'logits\.kernel' is disposed; .*tree\.clone/);
    const q = model.init(1);
    x.dispose();
    expect(() => model.apply(q, x)).toThrow(/^model\.apply\(x\): the input tensor \[1, 4\] is disposed/);
    dispose(p);
    dispose(q);
  });

  it('an empty batch runs forward, differentiates to zero gradients, and the losses refuse to average it', () => {
    const p = model.init(0);
    const before = tf.memory().numTensors;
    const x = tf.zeros([0, 4]);
    expect(tf.tidy(() => model.apply(p, x).shape)).toEqual([0, 2]);
    const g = tf.tidy(() => tf.grads((k: Tensor) => tf.sum(model.apply({ ...p, logits: { ...p.logits!, kernel: k } }, x)))([p.logits!.kernel!])[0]!.arraySync());
    expect(g).toEqual([[0, 0], [0, 0], [0, 0]]);
    const [z, y] = [tf.zeros([0, 2]), tf.zeros([0], 'int32')];
    expect(() => crossEntropy(z, y)).toThrow(/^crossEntropy\(output\): the batch is empty \(logits \[0, 2\]\)/);
    expect(() => mse(z, z)).toThrow(/^mse\(output\): the output \[0, 2\] is empty/);
    tf.dispose([x, z, y]);
    expect(tf.memory().numTensors).toBe(before);
    dispose(p);
  });

  it('unknown layer names in upTo/from/replace, duplicate names and misplaced layers are errors', () => {
    const p = model.init(0);
    const x = tf.zeros([1, 4]);
    expect(() => model.apply(p, x, { upTo: 'nope' })).toThrow(/no layer named 'nope'; the layers are hidden, logits/);
    expect(() => sequential([4], [dense({ name: 'a', units: 2 }), dense({ name: 'a', units: 2 })])).toThrow(/two layers are named 'a'/);
    expect(() => sequential([4, 4, 1], [dense({ name: 'd', units: 2 })])).toThrow(/dense\(d\): needs flat inputs.*flatten\(\)/);
    expect(() => dense({ units: 2, activation: 'swish' as never })).toThrow(/unknown activation 'swish'/);
    tf.dispose(x);
    dispose(p);
  });

  it('fromSpec names an unknown layer type and a misshapen kernel', () => {
    expect(() => fromSpec({ inputShape: [2], layers: [{ name: 'l', type: 'lstm' }] })).toThrow(SpecError);
    expect(() => fromSpec({ inputShape: [2], layers: [{ name: 'l', type: 'lstm' }] })).toThrow(/unknown layer type 'lstm'/);
    expect(() =>
      fromSpec({ inputShape: [3], layers: [{ name: 'd', type: 'dense', kernel: [[1], [2]], bias: [0] }] }),
    ).toThrow(/'d'.*kernel has shape \[2, 1\], expected \[3, 1\]/);
    expect(() => fromSpec({ inputShape: [2], layers: [{ name: 'd', type: 'dense', kernel: [[1], [2]], bias: [0], activation: 'elu' }] })).toThrow(
      /unknown activation 'elu'/,
    );
  });

  it('layers report per-example shapes', () => {
    const cnn = MODELS['conv2d same/valid, strides, maxPool2d, flatten']!();
    expect(cnn.layers.map((l) => [l.name, l.type, l.outputShape])).toEqual([
      ['c1', 'conv2d', [6, 6, 3]],
      ['p1', 'maxpool2d', [3, 3, 3]],
      ['c2', 'conv2d', [1, 1, 2]],
      ['f', 'flatten', [2]],
      ['out', 'dense', [3]],
    ]);
    expect(cnn.outputShape).toEqual([3]);
    expect(cnn.layers[0]!.params).toEqual(['kernel', 'bias']);
  });
});

export type { Scalar };
