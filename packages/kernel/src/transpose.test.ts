import { describe, expect, it } from 'vitest';
import { transpose } from './transpose.js';

describe('transpose', () => {
  it('turns columns into rows, as Quarto does', () => {
    expect(transpose({ x: [1, 2], y: ['a', 'b'] })).toEqual([{ x: 1, y: 'a' }, { x: 2, y: 'b' }]);
    expect(transpose({})).toEqual([]);
  });

  it('names a column that is not an array or has another length', () => {
    expect(() => transpose({ x: [1, 2], y: [1] })).toThrow('transpose: column y has 1 values, x has 2');
    expect(() => transpose({ x: 3 as never })).toThrow('transpose: column x is not an array');
  });
});
