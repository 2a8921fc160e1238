import { describe, expect, it } from 'vitest';
import { tf } from '../tf.js';
import { axpy, dispose } from './arithmetic.js';

describe('tree.axpy', () => {
  it('computes a + s·b leafwise', () => {
    const a = { w: tf.tensor1d([1, 2]), b: [tf.scalar(3)] };
    const b = { w: tf.tensor1d([10, 20]), b: [tf.scalar(1)] };
    const r = axpy(a, 0.5, b);
    expect(Array.from(r.w.dataSync())).toEqual([6, 12]);
    expect(r.b[0]!.dataSync()[0]).toBe(3.5);
    dispose(a, b, r);
  });

  it('makes one tensor per leaf outside tf.tidy (the s·b intermediate is freed)', () => {
    const a = { w: tf.ones([3]), v: tf.ones([2, 2]) };
    const b = { w: tf.ones([3]), v: tf.ones([2, 2]) };
    const s = tf.scalar(2);
    const before = tf.memory().numTensors;
    const r = axpy(a, s, b);
    expect(tf.memory().numTensors - before).toBe(2);
    const r2 = axpy(a, 3, b);
    expect(tf.memory().numTensors - before).toBe(4);
    dispose(a, b, s, r, r2);
  });
});
