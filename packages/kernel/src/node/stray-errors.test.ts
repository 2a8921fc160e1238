import { describe, expect, it } from 'vitest';
import { compileCell } from '../cell.js';
import { cellOfError } from './stray-errors.js';
import { mergeErrors, withoutStrays } from './merge-errors.js';

describe('cellOfError', () => {
  it('names the cell whose code made or threw the error, from its stack', () => {
    const cell = compileCell('f = () => new Error("from cell three")', 2);
    const make = cell.body!() as () => Error;
    expect(cellOfError(make())).toBe(2);
    expect(cellOfError(new Error('made here'))).toBeNull();
    expect(cellOfError('a string has no stack')).toBeNull();
  });
});

describe('mergeErrors', () => {
  const cells = [
    { index: 0, name: 'a' },
    { index: 1, name: null },
  ];
  it('adds unfinished cells and stray errors to the cells\' own, keeping a cell\'s first error', () => {
    const strays = [
      { cellIndex: 1, message: 'x' },
      { cellIndex: 0, message: 'late' },
      { cellIndex: null, message: 'who?' },
    ];
    expect(mergeErrors(cells, { a: 'boom' }, ['b'], 1500, strays)).toEqual({
      a: 'boom',
      b: 'still running after 1.5 s',
      'cell 2': 'x (uncaught, from a callback or promise of this cell)',
      notebook: 'an uncaught error from no known cell: who?',
    });
    expect(withoutStrays({ a: 1, 'cell 2': 2, c: 3 }, cells, strays)).toEqual({ c: 3 });
  });
});
