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
