import { describe, expect, it } from 'vitest';
import { heatmap } from './heatmap.js';
import { toExtent, toGrid } from './grid.js';
import { PlotError } from './plot-error.js';

const catchError = (f: () => unknown): PlotError => {
  try {
    f();
  } catch (e) {
    if (PlotError.isInstance(e)) return e;
    throw e;
  }
  throw new Error('expected a PlotError');
};

describe('toGrid', () => {
  it('reads rows of numbers and typed arrays row-major', () => {
    const g = toGrid('f', 'grid', [Float32Array.from([1, 2, 3]), [4, 5, 6]]);
    expect([g.width, g.height, Array.from(g.values)]).toEqual([3, 2, [1, 2, 3, 4, 5, 6]]);
  });

  it('keeps a { width, height, values } grid as is', () => {
    const values = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const g = toGrid('f', 'grid', { width: 2, height: 3, values });
    expect(g.values).toBe(values);
  });

  it('names the ragged row, its length and the expected one', () => {
    const rows = Array.from({ length: 28 }, (_, r) => new Array(r === 3 ? 27 : 28).fill(0));
    const e = catchError(() => heatmap(rows));
    expect(e.message).toMatch(/^heatmap: grid row 3 has 27 values, expected 28; /);
    expect(e.where).toBe('heatmap');
  });

  it('names the position of a NaN or infinite value', () => {
    expect(catchError(() => heatmap([[0, 1], [NaN, 2]])).message).toMatch(/^heatmap: grid value at row 1, column 0 is NaN; expected a finite number/);
    expect(catchError(() => heatmap({ width: 2, height: 1, values: [1, Infinity] })).message).toMatch(/row 0, column 1 is Infinity/);
  });

  it('rejects empty grids, wrong value counts and non-grids', () => {
    expect(catchError(() => heatmap([])).message).toMatch(/heatmap: grid has no rows/);
    expect(catchError(() => heatmap([[]])).message).toMatch(/row 0 is empty/);
    expect(catchError(() => heatmap({ width: 3, height: 2, values: [1, 2, 3] })).message).toMatch(
      /grid.values has 3 entries, expected width × height = 3 × 2 = 6/,
    );
    expect(catchError(() => heatmap(7 as never)).message).toMatch(/must be a 2-D array/);
    expect(catchError(() => heatmap([1, 2] as never)).message).toMatch(/received row 0 = 1/);
  });
});

describe('toExtent', () => {
  const g = toGrid('f', 'grid', [[0, 0, 0], [0, 0, 0]]);
  it('defaults to sample indices', () => {
    expect(toExtent('f', g, undefined)).toEqual({ x: [0, 2], y: [0, 1] });
  });
  it('rejects reversed or non-finite ranges and single-row grids', () => {
    expect(() => toExtent('f', g, { x: [1, 0], y: [0, 1] })).toThrow(/extent.x must be \[min, max\]/);
    expect(() => toExtent('f', g, { x: [0, 1], y: [0, NaN] })).toThrow(/extent.y/);
    expect(() => toExtent('f', toGrid('f', 'grid', [[1, 2]]), undefined)).toThrow(/at least 2 rows and 2 columns/);
  });
});
