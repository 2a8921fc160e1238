import { afterAll, describe, expect, it } from 'vitest';
import { GradbookError, getBackend, setBackend, tf } from './index.js';

describe('setBackend', () => {
  afterAll(async () => {
    await setBackend('cpu');
  });

  it('switches to cpu and wasm and reports the one in use', async () => {
    expect(await setBackend('cpu')).toBe('cpu');
    expect(getBackend()).toBe('cpu');
    expect(await setBackend('wasm')).toBe('wasm');
    const y = tf.tensor([1, 2, 3]).square();
    expect(Array.from(await y.data())).toEqual([1, 4, 9]);
    y.dispose();
  });

  it('on wasm, clones and same-dtype casts share memory, stay readable after the original goes, and free it last', async () => {
    await setBackend('wasm');
    const buffers = () => tf.engine().backend.numDataIds();
    const before = buffers();
    const x = tf.tensor1d([1, 2, 3, 4]);
    const c = tf.clone(x);
    const f = tf.cast(x, 'float32');
    const i = tf.cast(x, 'int32');
    expect(c.dataId).toBe(x.dataId);
    expect(f.dataId).toBe(x.dataId);
    expect(buffers() - before).toBe(2); // x's (shared by c and f) and the int32 cast's
    x.dispose();
    expect(Array.from(await c.data())).toEqual([1, 2, 3, 4]);
    c.dispose();
    expect(Array.from(await f.data())).toEqual([1, 2, 3, 4]);
    expect(Array.from(await i.data())).toEqual([1, 2, 3, 4]);
    f.dispose();
    i.dispose();
    expect(buffers()).toBe(before);
    // a gradient through saved copies (every differentiable op saves its inputs) is unchanged
    const w = tf.tensor1d([0.5, -1]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.tanh(tf.mul(t, t))))(w);
    const expected = [0.5, -1].map((v) => 2 * v * (1 - Math.tanh(v * v) ** 2));
    Array.from(await g.data()).forEach((v, k) => expect(v).toBeCloseTo(expected[k]!, 5));
    tf.dispose([w, g]);
  });

  it('auto picks a fast backend in Node (native when installed, else wasm)', async () => {
    const name = await setBackend('auto');
    expect(['tensorflow', 'wasm']).toContain(name);
  });

  it('names the missing package when an explicit backend cannot load', async () => {
    let hasNative = true;
    try {
      await import('@tensorflow/tfjs-node' as string);
    } catch {
      hasNative = false;
    }
    if (hasNative) return expect(await setBackend('tensorflow')).toBe('tensorflow');
    const err = await setBackend('tensorflow').catch((e: unknown) => e);
    expect(GradbookError.isInstance(err)).toBe(true);
    expect(String((err as Error).message)).toMatch(/@tensorflow\/tfjs-node/);
  });

  it('rejects an unknown backend name', async () => {
    await expect(setBackend('tpu' as never)).rejects.toThrow(/unknown backend 'tpu'/);
  });
});
