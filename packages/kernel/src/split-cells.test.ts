import { describe, expect, it } from 'vitest';
import { splitCells } from './split-cells.js';

const split = (code: string): string[] => splitCells(code).map((p) => code.slice(p.start, p.end));

describe('splitCells', () => {
  it('makes each top-level definition or expression a cell', () => {
    expect(split('x = 5\ny = x * x')).toEqual(['x = 5', 'y = x * x']);
    expect(split('a = 1; b = 2;\nc = {\n  return a + b;\n}\nviewof n = Inputs.range([0, 1])\nmutable m = 0\nmd`hi`')).toEqual([
      'a = 1;',
      'b = 2;',
      'c = {\n  return a + b;\n}',
      'viewof n = Inputs.range([0, 1])',
      'mutable m = 0',
      'md`hi`',
    ]);
  });

  it('keeps one cell for a block, a multi-line expression and a function declaration', () => {
    expect(split('x = {\n  const a = 1\n  return a\n}')).toHaveLength(1);
    expect(split('f = [1,\n  2,\n  3]\n  .map((d) => d * 2)')).toHaveLength(1);
    expect(split('function f(x) {\n  return x\n}\nf(2)')).toEqual(['function f(x) {\n  return x\n}', 'f(2)']);
  });

  it('gives comments before a cell, and after it on its line, to that cell', () => {
    expect(split('// the rate\nlr = 0.1 // per step\n\n// the square\nsq = lr ** 2\n// end')).toEqual(['// the rate\nlr = 0.1 // per step', '// the square\nsq = lr ** 2\n// end']);
  });

  it('ends a cell with a syntax error at the next line that starts in the first column', () => {
    expect(split('x = 5\ny = (1 +\n  2 +\nz = x * 2\nw = 1')).toEqual(['x = 5', 'y = (1 +\n  2 +', 'z = x * 2', 'w = 1']);
  });

  it('gives one piece for a block with no cell', () => {
    expect(split('// only a comment')).toEqual(['// only a comment']);
    expect(split('')).toEqual(['']);
  });
});
