import { describe, expect, it } from 'vitest';
import { mnistSplits } from './mnist-splits.js';

describe('mnistSplits', () => {
  it('reads the splits of loadMnist calls: named, defaulted to train, or both when not a literal', () => {
    expect([...mnistSplits('x = 1')]).toEqual([]);
    expect([...mnistSplits('d = gb.loadMnist({split: "test", limit: 8})')]).toEqual(['test']);
    expect([...mnistSplits("d = gb.loadMnist({ split: 'train' })\ne = gb.loadMnist({split: `test`})")].sort()).toEqual(['test', 'train']);
    expect([...mnistSplits('d = gb.loadMnist()')]).toEqual(['train']);
    expect([...mnistSplits('d = gb.loadMnist({split: which})')].sort()).toEqual(['test', 'train']);
  });
});
