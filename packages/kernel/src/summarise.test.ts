import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { tf } from '@gradbook/core';
import { summarise } from './summarise.js';
import { Markup } from './markup.js';
import { HeadlessInput } from './inputs.js';

describe('summarise', () => {
  it('keeps JSON data and writes non-finite numbers as strings', () => {
    expect(summarise({ a: [1, 'x', true, null, undefined], b: NaN, c: -Infinity })).toEqual({ a: [1, 'x', true, null, null], b: 'NaN', c: '-Infinity' });
  });

  it('gives tensors as shape, dtype and data, and large ones as statistics', () => {
    const small = tf.tensor([[1, 2], [3, 4]]);
    expect(summarise(small)).toEqual({ shape: [2, 2], dtype: 'float32', data: [1, 2, 3, 4] });
    const large = tf.range(0, 20_000);
    expect(summarise(large)).toEqual({ shape: [20000], dtype: 'float32', size: 20000, min: 0, max: 19999, mean: 9999.5, truncated: true });
    tf.dispose([small, large]);
  });

  it('gives tables as arrays of rows and a training run as its last event', () => {
    expect(summarise(aq.table({ x: [1, 2], y: ['a', 'b'] }))).toEqual([{ x: 1, y: 'a' }, { x: 2, y: 'b' }]);
    const w = tf.scalar(0.5);
    expect(summarise({ step: 3, epoch: 0, loss: 0.25, metrics: { accuracy: 1 }, params: { w } })).toEqual({
      step: 3,
      epoch: 0,
      loss: 0.25,
      metrics: { accuracy: 1 },
      params: { w: { shape: [], dtype: 'float32', data: [0.5] } },
    });
    w.dispose();
  });

  it('handles functions, Maps, Sets, typed arrays, markup, inputs and cycles', () => {
    const cyclic: Record<string, unknown> = { n: 1 };
    cyclic.self = cyclic;
    expect(
      summarise({ f: function named() {}, m: new Map([['k', 1]]), s: new Set([2]), t: new Float32Array([0.5]), md: new Markup('md', '# hi'), input: new HeadlessInput('range', 0.3), cyclic }),
    ).toEqual({ f: '[function named]', m: { k: 1 }, s: [2], t: [0.5], md: '# hi', input: 0.3, cyclic: { n: 1, self: '[circular]' } });
  });
});
