import { afterAll, describe, expect, it } from 'vitest';
import { batchNorm, conv2d, dense, meanPool, residual, sequential, setBackend, tf, tree } from '@gradbook/core';
import { gradCam, normGrad } from '../index.js';
import { layerGradient } from './grad-cam.js';

/** A small ResNet-style CNN from core's layers: the CAM methods reach layers inside its block. */
const resnet = () =>
  sequential([6, 6, 1], [
    conv2d({ name: 'stem', filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }),
    residual([conv2d({ name: 'c1', filters: 3, kernelSize: 3, padding: 'same', activation: 'tanh' }), batchNorm({ name: 'bn1' })], { name: 'block1', activation: 'relu' }),
    meanPool({ name: 'pool' }),
    dense({ name: 'out', units: 2 }),
  ]);

describe.each(['cpu', 'wasm'] as const)('CAM methods through a residual block on %s', (backend) => {
  afterAll(() => setBackend('cpu'));

  it('the gradient at a layer inside the block matches central differences of the target logit; nothing leaks', async () => {
    await setBackend(backend);
    const model = resnet();
    const params = model.init(1);
    const x = tf.randomUniform([2, 6, 6, 1], -1, 1, 'float32', 3);
    const before = tf.memory().numTensors;
    const { activations, gradient } = layerGradient(model, params, x, 'c1', [1, 0]);
    const u = tf.randomUniform(activations.shape, -1, 1, 'float32', 5);
    // A small step: the ReLU after the sum has kinks that a step of 1e-2 crosses.
    const eps = 1e-3;
    const target = (a: tf.Tensor) =>
      tf.tidy(() => {
        const logits = model.apply(params, x, { replace: { c1: a } });
        return tf.add(tf.slice(logits, [0, 1], [1, 1]).sum(), tf.slice(logits, [1, 0], [1, 1]).sum()).dataSync()[0]!;
      });
    const fd = (target(tf.add(activations, tf.mul(u, eps))) - target(tf.sub(activations, tf.mul(u, eps)))) / (2 * eps);
    const an = tf.tidy(() => tf.sum(tf.mul(gradient, u)).dataSync()[0]!);
    expect(Math.abs(fd - an)).toBeLessThan(2e-3 * (1 + Math.abs(an)));
    tf.dispose([activations, gradient, u]);
    // target() made its perturbed inputs outside a tidy: four tensors, freed here.
    expect(tf.memory().numTensors - before).toBeLessThanOrEqual(4);
    tf.dispose([x]);
    tree.dispose(params);
  });

  it('gradCam and normGrad run on the block output and on a layer inside the block', async () => {
    await setBackend(backend);
    const model = resnet();
    const params = model.init(2);
    const x = tf.randomUniform([2, 6, 6, 1], -1, 1, 'float32', 4);
    const before = tf.memory().numTensors;
    for (const layer of ['block1', 'c1', 'bn1']) {
      const cam = gradCam({ model, params, x, target: 0, layer });
      const ng = normGrad({ model, params, x, target: 0, layer });
      expect(cam.map.shape[0]).toBe(2);
      expect(ng.shape).toEqual([2, 6, 6]);
      expect(Number.isFinite(tf.tidy(() => tf.sum(ng).dataSync()[0]!))).toBe(true);
      tf.dispose([cam.map, ng]);
      for (const v of Object.values(cam)) if (v instanceof tf.Tensor && !v.isDisposed) v.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(x);
    tree.dispose(params);
  });
});
