import { afterAll, describe, expect, it } from 'vitest';
import { GradbookError, setBackend, tf } from '@gradbook/core';
import { camFromGradients, gradCam, normGrad } from '../index.js';
import { loadCase, specModel } from '../test-utils/spec-model.js';

describe('camFromGradients by hand', () => {
  // One example, a 1×2 map with 2 channels.
  const A = tf.tensor4d([[[[1, 2], [3, 0]]]]);
  const g = tf.tensor4d([[[[0.5, -1], [0.5, 0]]]]);
  it('Grad-CAM: α = spatial mean of g, map = ReLU(Σ α_c A_c)', () => {
    // α = [0.5, −0.5]; location 0: 0.5·1 − 0.5·2 = −0.5 → 0; location 1: 1.5 − 0 = 1.5
    expect(Array.from(camFromGradients(A, g).dataSync())).toEqual([0, 1.5]);
  });
  it('Grad-CAM++: the weights of the pinned definition', () => {
    // channel 0: ΣA = 4; at both locations g = .5: a = .25/(.5 + 4·.125 + 1e−7) ≈ .25; w0 = 2·.5·.25 = .25
    // channel 1: ΣA = 2; g = −1 at loc 0 (ReLU(g) = 0), g = 0 at loc 1 (a = 0): w1 = 0
    const a0 = 0.25 / (0.5 + 0.5 + 1e-7);
    const w0 = 2 * 0.5 * a0;
    const got = Array.from(camFromGradients(A, g, 'grad-cam++').dataSync());
    expect(got[0]).toBeCloseTo(w0 * 1, 6);
    expect(got[1]).toBeCloseTo(w0 * 3, 6);
  });
});

describe.each(['cpu', 'wasm'] as const)('gradCam on a CNN on %s', (backend) => {
  afterAll(() => setBackend('cpu'));
  it('upsamples to the input size, frees its tensors, and smooth Grad-CAM++ without noise is Grad-CAM++', async () => {
    await setBackend(backend);
    const c = await loadCase('gradcam-cnn-public');
    const { model, params } = specModel(c.model);
    const x = tf.tensor(c.input);
    const before = tf.memory().numTensors;
    const plain = gradCam({ model, params, x, target: 1, layer: 'conv2', method: 'grad-cam++' });
    const smooth = gradCam({ model, params, x, target: 1, layer: 'conv2', method: 'smooth-grad-cam++', noiseLevel: 0, samples: 3 });
    expect(plain.map.shape).toEqual([2, 2, 2]);
    expect(plain.upsampled!.shape).toEqual([2, 8, 8]);
    const a = plain.map.dataSync();
    const b = smooth.map.dataSync();
    a.forEach((v, i) => expect(b[i]).toBeCloseTo(v, 5));
    // bilinear upsampling keeps values within the map's range
    const up = plain.upsampled!.dataSync();
    expect(Math.max(...up)).toBeLessThanOrEqual(Math.max(...a) + 1e-6);
    const n = normGrad({ model, params, x, target: 1, layer: 'conv1' });
    expect(n.shape).toEqual([2, 8, 8]);
    tf.dispose([plain.map, plain.upsampled!, smooth.map, smooth.upsampled!, n]);
    expect(tf.memory().numTensors).toBe(before);
  });
  it('a layer that does not exist: the error lists the layers', async () => {
    await setBackend(backend);
    const c = await loadCase('gradcam-cnn-public');
    const { model, params } = specModel(c.model);
    const x = tf.tensor(c.input);
    let err: unknown;
    try {
      gradCam({ model, params, x, target: 0, layer: 'conv3' });
    } catch (e) {
      err = e;
    }
    expect(GradbookError.isInstance(err)).toBe(true);
    expect((err as Error).message).toMatch(/gradCam\(layer\): no layer named "conv3"; the model's layers are: conv1 \(conv2d \[8, 8, \d+\]\), pool1 .*logits/);
    expect(() => gradCam({ model, params, x, target: 0, layer: 'flat' })).toThrow(/needs a feature map \[H, W, C\]; layers with one: conv1, pool1, conv2/);
    expect(() => gradCam({ model, params, x, target: 3, layer: 'conv2' })).toThrow(/target class 3 is out of range: the model has 3 outputs/);
  });
});
