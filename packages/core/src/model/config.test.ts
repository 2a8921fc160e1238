import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setBackend } from '../backend.js';
import { tf } from '../tf.js';
import { activation } from '../layers/activation.js';
import { conv2d } from '../layers/conv2d.js';
import { dense } from '../layers/dense.js';
import { dropout } from '../layers/dropout.js';
import { flatten } from '../layers/flatten.js';
import type { Layer } from '../layers/layer.js';
import { avgPool2d, maxPool2d } from '../layers/pool.js';
import { dispose } from '../tree/arithmetic.js';
import { fromConfig, type ModelConfig } from './config.js';
import { sequential } from './sequential.js';

beforeAll(async () => {
  await setBackend('cpu');
});
afterAll(() => tf.disposeVariables());

const everyLayer = () =>
  sequential([8, 8, 2], [
    conv2d({ name: 'c', filters: 3, kernelSize: [3, 2], strides: [1, 2], padding: 'same', activation: 'tanh' }),
    maxPool2d({ size: 2 }),
    avgPool2d({ name: 'avg', size: [2, 1], strides: 1 }),
    flatten(),
    dropout({ rate: 0.25 }),
    dense({ units: 5, activation: 'gelu' }),
    activation('sigmoid'),
    dense({ name: 'out', units: 2 }),
  ]);

describe('model.config and fromConfig', () => {
  it('describe every layer type as JSON, with the names sequential gave them', () => {
    const config = everyLayer().config!;
    expect(config.inputShape).toEqual([8, 8, 2]);
    expect(config.layers.map((l) => `${l.type}:${l.name}`)).toEqual([
      'conv2d:c', 'maxpool2d:maxpool2d2', 'avgpool2d:avg', 'flatten:flatten4', 'dropout:dropout5', 'dense:dense6', 'activation:activation7', 'dense:out',
    ]);
    expect(config.layers[0]).toEqual({ type: 'conv2d', name: 'c', filters: 3, kernelSize: [3, 2], strides: [1, 2], padding: 'same', activation: 'tanh' });
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
  });

  it('make a model that computes the same function and draws the same parameters', () => {
    const model = everyLayer();
    const copy = fromConfig(JSON.parse(JSON.stringify(model.config)) as ModelConfig);
    expect(copy.layers).toEqual(model.layers);
    expect(copy.config).toEqual(model.config);
    const params = model.init(3);
    const again = copy.init(3);
    const x = tf.randomNormal([4, 8, 8, 2], 0, 1, 'float32', 1);
    const a = model.apply(params, x, { training: true, seed: 9 });
    const b = copy.apply(again, x, { training: true, seed: 9 });
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b]);
    dispose(params);
    dispose(again);
  });

  it('is absent when a layer was written by hand', () => {
    const own: Layer = {
      type: 'double',
      build: (inputShape, name) => ({
        info: { name, type: 'double', inputShape: [...inputShape], outputShape: [...inputShape], params: [] },
        paramShapes: {},
        init: () => ({}),
        apply: (_p, x) => tf.mul(x, 2),
      }),
    };
    expect(sequential([3], [own, dense({ units: 1 })]).config).toBeUndefined();
  });

  it('is frozen, so that it always describes the model (it is what worker threads rebuild)', () => {
    const model = sequential([3], [dense({ units: 2 })]);
    expect(() => {
      (model.config!.layers[0] as { units: number }).units = 7;
    }).toThrow(TypeError);
    expect(() => (model.config!.inputShape as number[]).push(1)).toThrow(TypeError);
    expect(fromConfig(model.config!).outputShape).toEqual([2]);
    // A copy is the caller's to change.
    const edited = JSON.parse(JSON.stringify(model.config)) as ModelConfig;
    (edited.layers[0] as { units: number }).units = 7;
    expect(fromConfig(edited).outputShape).toEqual([7]);
  });

  it('names what is wrong with a config', () => {
    expect(() => fromConfig({ inputShape: [3] } as unknown as ModelConfig)).toThrow(/expected \{ inputShape: number\[\], layers/);
    expect(() => fromConfig({ inputShape: [3], layers: [{ type: 'lstm' }] } as unknown as ModelConfig)).toThrow(/layers\[0\].*unknown layer type 'lstm'/);
    expect(() => fromConfig({ inputShape: [3], layers: [{ type: 'dense', units: 0, activation: 'relu' }] })).toThrow(/units must be a positive integer, got 0/);
  });
});
