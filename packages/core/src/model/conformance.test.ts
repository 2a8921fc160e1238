import { afterAll, describe, expect, it } from 'vitest';
import { setBackend } from '../backend.js';
import { tf } from '../tf.js';
import { fromSpec } from './from-spec.js';
import { crossEntropy } from '../losses/cross-entropy.js';
import { grad, valueAndGrad } from '../autodiff/value-and-grad.js';
import type { Scalar, Tensor } from '@tensorflow/tfjs';
import { hvp } from '../autodiff/hvp.js';
import { casesOfKind, closeness, tensorTree } from '../test-utils/conformance.js';
import { dispose } from '../tree/arithmetic.js';
import type { Params } from './types.js';

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`shared conformance cases on ${backend}`, () => {
    afterAll(() => setBackend('cpu'));

    for (const c of casesOfKind('model-forward')) {
      it(`${c.id}: fromSpec + apply gives the float64 logits`, async () => {
        await setBackend(backend);
        const before = tf.memory().numTensors;
        const { model, params } = fromSpec(c.model);
        const x = tf.tensor(c.input);
        const out = model.apply(params, x);
        expect(out.shape).toEqual([c.expected.length, c.expected[0].length]);
        expect(closeness(out, c.expected, c.tolerance).worst).toBeLessThanOrEqual(0);
        tf.dispose([x, out]);
        dispose(params);
        expect(tf.memory().numTensors).toBe(before);
      });
    }


    for (const c of casesOfKind('input-gradient')) {
      it(`${c.id}: the input gradient of a logit (through conv, pool, relu) matches`, async () => {
        await setBackend(backend);
        const before = tf.memory().numTensors;
        const { model, params } = fromSpec(c.model);
        const x = tf.tensor(c.input);
        const g = grad((input: Tensor) => tf.sum(tf.slice(model.apply(params, input), [0, c.target], [-1, 1])) as Scalar)(x) as Tensor;
        const r = closeness(g, c.expected.gradient, c.tolerance);
        expect(r.worst, JSON.stringify(r)).toBeLessThanOrEqual(0);
        tf.dispose([x, g]);
        dispose(params);
        expect(tf.memory().numTensors).toBe(before);
      });
    }

    it.each(casesOfKind('loss-gradient'))('$id: valueAndGrad of the cross-entropy matches loss and gradient', async (c) => {
      await setBackend(backend);
      const before = tf.memory().numTensors;
      const { model, params } = fromSpec(c.model);
      const x = tf.tensor(c.inputs);
      const y = tf.tensor1d(c.labels, 'int32');
      const { value, grads } = valueAndGrad((p: Params) => crossEntropy(model.apply(p, x), y))(params);
      expect(closeness(value, c.expected.loss, c.tolerance).worst).toBeLessThanOrEqual(0);
      expect(closeness(grads, c.expected.gradient, c.tolerance).worst).toBeLessThanOrEqual(0);
      tf.dispose([x, y, value]);
      dispose(grads as never);
      dispose(params);
      expect(tf.memory().numTensors).toBe(before);
    });

    it.each(casesOfKind('hessian-vector-product'))('$id: hvp of the cross-entropy matches the float64 H·v', async (c) => {
      await setBackend(backend);
      const before = tf.memory().numTensors;
      const { model, params } = fromSpec(c.model);
      const x = tf.tensor(c.inputs);
      const y = tf.tensor1d(c.labels, 'int32');
      const v = tensorTree(c.vector);
      const hv = hvp((p: Params) => crossEntropy(model.apply(p, x), y), params, v);
      const r = closeness(hv, c.expected, c.tolerance);
      expect(r.worst, JSON.stringify(r)).toBeLessThanOrEqual(0);
      tf.dispose([x, y]);
      dispose(hv as never);
      dispose(v);
      dispose(params);
      expect(tf.memory().numTensors).toBe(before);
    });
  });
}
