import { afterAll, describe, expect, it } from 'vitest';
import { setBackend } from '../backend.js';
import { tf } from '../tf.js';
import { sequential } from './sequential.js';
import { residual } from './residual.js';
import { concat } from './concat.js';
import { fromConfig } from './config.js';
import { batchNorm } from '../layers/batch-norm.js';
import { conv2d } from '../layers/conv2d.js';
import { dense } from '../layers/dense.js';
import { dropout } from '../layers/dropout.js';
import { embedding } from '../layers/embedding.js';
import { layerNorm } from '../layers/layer-norm.js';
import { meanPool } from '../layers/mean-pool.js';
import { crossEntropy } from '../losses/cross-entropy.js';
import { gradError, hvpError, leaked } from '../test-utils/finite-diff.js';
import { randoms } from '../test-utils/reference64.js';
import { dispose } from '../tree/arithmetic.js';
import type { Params } from './types.js';

const maxDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

/** A ResNet-style model: stem, a block with an identity shortcut, a block with a projection, pooling. */
const resnet = () =>
  sequential([6, 6, 2], [
    conv2d({ name: 'stem', filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }),
    residual([conv2d({ name: 'c1', filters: 3, kernelSize: 3, padding: 'same' }), batchNorm({ name: 'bn1', activation: 'tanh' })], { name: 'block1', activation: 'relu' }),
    residual([conv2d({ name: 'c2', filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'tanh' })], {
      name: 'block2',
      shortcut: [conv2d({ name: 'proj', filters: 4, kernelSize: 1, strides: 2 })],
    }),
    meanPool({ name: 'pool' }),
    dense({ name: 'out', units: 3 }),
  ]);

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`residual, concat and meanPool on ${backend}`, () => {
    afterAll(() => setBackend('cpu'));

    it('residual computes act(F(x) + S(x)); its layers are named, initialised and listed in order', async () => {
      await setBackend(backend);
      const model = resnet();
      expect(model.layers.map((l) => [l.name, l.block ?? '', l.outputShape])).toEqual([
        ['stem', '', [6, 6, 3]],
        ['c1', 'block1', [6, 6, 3]],
        ['bn1', 'block1', [6, 6, 3]],
        ['block1', '', [6, 6, 3]],
        ['c2', 'block2', [3, 3, 4]],
        ['proj', 'block2', [3, 3, 4]],
        ['block2', '', [3, 3, 4]],
        ['pool', '', [4]],
        ['out', '', [3]],
      ]);
      const params = model.init(5);
      expect(Object.keys(params).sort()).toEqual(['bn1', 'c1', 'c2', 'out', 'proj', 'stem']);
      const x = tf.tensor4d(randoms(2, 144, -1, 1), [2, 6, 6, 2]);
      const n = await leaked(() => {
        const seen: Record<string, tf.Tensor> = {};
        const out = model.apply(params, x, { onLayer: (name, t) => void (seen[name] = t) });
        expect(out.shape).toEqual([2, 3]);
        tf.tidy(() => {
          expect(maxDiff(seen.block1!, tf.relu(tf.add(seen.bn1!, seen.stem!)))).toBeLessThan(1e-6);
          expect(maxDiff(seen.block2!, tf.add(seen.c2!, seen.proj!))).toBeLessThan(1e-6);
          expect(maxDiff(seen.pool!, tf.mean(seen.block2!, [1, 2]))).toBeLessThan(1e-6);
        });
        // upTo reaches inside a block; replace inside a block changes what follows.
        const inner = model.apply(params, x, { upTo: 'c1' });
        expect(maxDiff(inner, seen.c1!)).toBe(0);
        const zeroed = model.apply(params, x, { upTo: 'block1', replace: { bn1: (t) => tf.zerosLike(t) } });
        tf.tidy(() => {
          expect(maxDiff(zeroed, tf.relu(seen.stem!))).toBeLessThan(1e-6);
        });
        // from after a block runs the rest.
        const rest = model.apply(params, seen.block1!, { from: 'block1' });
        expect(maxDiff(rest, out)).toBeLessThan(1e-5);
        tf.dispose([out, inner, zeroed, rest, ...Object.values(seen)]);
      });
      expect(n).toBe(0);
      expect(() => model.apply(params, x, { from: 'c1' })).toThrow(/layer 'c1' is inside block 'block1'.*start from a layer outside blocks/);
      tf.dispose(x);
      dispose(params);
    });

    it('gradient and H·v through residual blocks, concat and meanPool agree with central differences', async () => {
      await setBackend(backend);
      const model = sequential([3], [
        embedding({ name: 'embed', vocab: 6, dim: 4 }),
        concat([[layerNorm({ name: 'ln' })], []], { name: 'cat' }),
        meanPool({ name: 'pool' }),
        residual([dense({ name: 'r', units: 8, activation: 'tanh' })], { name: 'res', shortcut: [dense({ name: 'side', units: 8 })] }),
        dense({ name: 'out', units: 3 }),
      ]);
      expect(model.layers.find((l) => l.name === 'cat')!.outputShape).toEqual([3, 8]);
      const params = model.init(3);
      const ids = tf.tensor2d([[0, 1, 5], [2, 2, 3], [4, 0, 1]], [3, 3], 'int32');
      const y = tf.tensor1d([0, 2, 1], 'int32');
      const f = (p: Params) => crossEntropy(model.apply(p, ids), y);
      const n = await leaked(() => {
        expect(gradError(f, params, { eps: 4e-3 })).toBeLessThan(2e-3);
        expect(hvpError(f, params, { eps: 4e-3 })).toBeLessThan(2e-2);
      });
      expect(n).toBe(0);
      tf.dispose([ids, y]);
      dispose(params);
    });

    it('fromConfig rebuilds blocks with the same names, parameters and outputs; state follows batchNorm inside blocks', async () => {
      await setBackend(backend);
      const model = resnet();
      const copy = fromConfig(JSON.parse(JSON.stringify(model.config)));
      expect(copy.layers).toEqual(model.layers);
      const a = model.init(9);
      const b = copy.init(9);
      const x = tf.tensor4d(randoms(4, 72, -1, 1), [1, 6, 6, 2]);
      const n = await leaked(() => {
        const ya = model.apply(a, x);
        const yb = copy.apply(b, x);
        expect(maxDiff(ya, yb)).toBe(0);
        const s = copy.initState!();
        expect(Object.keys(s)).toEqual(['bn1']);
        tf.dispose([ya, yb]);
        dispose(s);
      });
      expect(n).toBe(0);
      tf.dispose(x);
      dispose(a);
      dispose(b);
    });
  });
}

describe('block errors and naming', () => {
  it('names unnamed layers inside a block after it, and rejects shapes that cannot be added or joined', () => {
    const m = sequential([4], [residual([dense({ units: 4 }), dropout({ rate: 0.1 })], { name: 'r' }), concat([[], [dense({ units: 2 })]], { name: 'c' })]);
    expect(m.layers.map((l) => l.name)).toEqual(['r/dense1', 'r/dropout2', 'r', 'c/2/dense1', 'c']);
    expect(m.outputShape).toEqual([6]);
    expect(() => sequential([4], [residual([dense({ units: 3 })], { name: 'r' })])).toThrow(/residual\(r\): the residual branch gives \[3\] but the shortcut \[4\]/);
    expect(() => sequential([2, 2, 1], [concat([[], [meanPool()]], { name: 'c' })])).toThrow(/concat\(c\): branch 2 gives \[1\] but branch 1 gives \[2, 2, 1\]/);
    expect(() => concat([[dense({ units: 2 })]])).toThrow(/expected two or more branches/);
    expect(() => sequential([4], [dense({ name: 'a', units: 4 }), residual([dense({ name: 'a', units: 4 })])])).toThrow(/two layers are named 'a'/);
    expect(() => sequential([4], [meanPool()])).toThrow(/meanPool\(meanpool1\): needs examples with positions and features/);
  });
});
