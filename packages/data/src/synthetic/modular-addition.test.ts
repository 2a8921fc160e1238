import { describe, expect, it } from 'vitest';
import { tf } from '@gradbook/core';
import { modularAddition } from './modular-addition.js';

describe('modularAddition', () => {
  it('holds every pair once, labelled (a + b) mod p, split by the fraction without overlap', () => {
    const { train, test } = modularAddition({ p: 7, trainFraction: 0.6, seed: 3 });
    expect(train.size).toBe(Math.round(0.6 * 49));
    expect(train.size + test.size).toBe(49);
    const pairs = new Set<string>();
    for (const part of [train, test]) {
      expect(part.numClasses).toBe(7);
      for (const row of part.table.objects() as { a: number; b: number; label: number }[]) {
        expect(row.label).toBe((row.a + row.b) % 7);
        pairs.add(`${row.a},${row.b}`);
      }
    }
    expect(pairs.size).toBe(49);
  });

  it('gives tensors of ids [n, 2] and labels, and the same split for the same seed only', () => {
    const before = tf.memory().numTensors;
    const { train } = modularAddition({ p: 5, trainFraction: 0.5, seed: 1 });
    const { x, y } = train.toTensors();
    expect(x.shape).toEqual([13, 2]);
    const ids = x.arraySync() as number[][];
    const labels = Array.from(y.dataSync());
    ids.forEach(([a, b], i) => expect(labels[i]).toBe((a! + b!) % 5));
    tf.dispose([x, y]);
    expect(tf.memory().numTensors).toBe(before);
    const again = modularAddition({ p: 5, trainFraction: 0.5, seed: 1 }).train.indices;
    const other = modularAddition({ p: 5, trainFraction: 0.5, seed: 2 }).train.indices;
    expect(Array.from(again)).toEqual(Array.from(train.indices));
    expect(Array.from(other)).not.toEqual(Array.from(train.indices));
  });

  it('rejects a bad modulus or fraction, naming the argument', () => {
    expect(() => modularAddition({ p: 1 })).toThrow(/modularAddition\(p\): expected a whole number ≥ 2, got 1/);
    expect(() => modularAddition({ trainFraction: 1 })).toThrow(/modularAddition\(trainFraction\): expected a fraction strictly between 0 and 1, got 1/);
    expect(() => modularAddition({ p: 2, trainFraction: 0.01 })).toThrow(/leaves one part empty/);
  });
});
