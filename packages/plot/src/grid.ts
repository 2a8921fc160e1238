import { PlotError } from './plot-error.js';
import { describe } from './rows.js';

/**
 * A 2-D grid of numbers stored row-major: `values[row * width + column]`.
 * `values` may be a `Float32Array` (e.g. from `tensor.dataSync()`) or a plain array.
 */
export interface Grid {
  readonly width: number;
  readonly height: number;
  readonly values: ArrayLike<number>;
}

/** Grid input: a {@link Grid} or an array of equally long rows (`number[][]`, `Float32Array[]`). */
export type GridInput = Grid | readonly ArrayLike<number>[];

/**
 * The plane a grid samples: column 0 at `x[0]`, the last column at `x[1]`; likewise rows and `y`.
 * Each is a `[min, max]` pair.
 */
export interface Extent {
  readonly x: readonly number[];
  readonly y: readonly number[];
}

/**
 * Normalizes a {@link GridInput} and checks it: rectangular, non-empty, every value finite.
 * Throws a {@link PlotError} such as `heatmap: row 3 has 27 values, expected 28`.
 */
export function toGrid(where: string, argument: string, input: unknown): Grid {
  let grid: Grid;
  if (Array.isArray(input)) {
    const height = input.length;
    if (height === 0) throw new PlotError(where, `${argument} has no rows; pass a non-empty 2-D array`);
    const first = input[0] as ArrayLike<number> | undefined;
    if (!isArrayLike(first)) {
      throw new PlotError(where, `${argument} must be a 2-D array (rows of numbers) or { width, height, values }, received row 0 = ${describe(first)}`);
    }
    const width = first.length;
    if (width === 0) throw new PlotError(where, `${argument} row 0 is empty; pass rows with at least one value`);
    const values = new Float64Array(width * height);
    for (let r = 0; r < height; r++) {
      const row = input[r] as ArrayLike<number>;
      if (!isArrayLike(row)) throw new PlotError(where, `${argument} row ${r} is ${describe(row)}, expected an array of ${width} numbers`);
      if (row.length !== width) {
        throw new PlotError(where, `${argument} row ${r} has ${row.length} values, expected ${width}; pass a rectangular grid (every row as long as row 0)`);
      }
      for (let c = 0; c < width; c++) values[r * width + c] = row[c];
    }
    grid = { width, height, values };
  } else if (typeof input === 'object' && input !== null && 'values' in input) {
    const { width, height, values } = input as Grid;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
      throw new PlotError(where, `${argument} width and height must be positive integers, received width ${describe(width)}, height ${describe(height)}`);
    }
    if (!isArrayLike(values)) throw new PlotError(where, `${argument}.values must be an array or typed array, received ${describe(values)}`);
    if (values.length !== width * height) {
      throw new PlotError(where, `${argument}.values has ${values.length} entries, expected width × height = ${width} × ${height} = ${width * height}`);
    }
    grid = { width, height, values };
  } else {
    throw new PlotError(where, `${argument} must be a 2-D array (rows of numbers) or { width, height, values }, received ${describe(input)}`);
  }
  for (let i = 0; i < grid.values.length; i++) {
    const v = grid.values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      const r = Math.floor(i / grid.width);
      const c = i % grid.width;
      throw new PlotError(where, `${argument} value at row ${r}, column ${c} is ${describe(v)}; expected a finite number (replace or clip non-finite values before plotting)`);
    }
  }
  return grid;
}

/** Checks an {@link Extent} (or builds the default `[0, width - 1] × [0, height - 1]`). */
export function toExtent(where: string, grid: Grid, extent: Extent | undefined): Extent {
  if (grid.width < 2 || grid.height < 2) {
    throw new PlotError(where, `grid is ${grid.height} × ${grid.width}; a grid over a plane needs at least 2 rows and 2 columns`);
  }
  const e = extent ?? { x: [0, grid.width - 1], y: [0, grid.height - 1] };
  for (const axis of ['x', 'y'] as const) {
    const pair = e[axis];
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((v) => Number.isFinite(v)) || !(pair[1] > pair[0])) {
      throw new PlotError(where, `extent.${axis} must be [min, max] with finite min < max, received ${describe(pair)}`);
    }
  }
  return e;
}

/** Smallest and largest value of a grid (or any array of finite numbers). */
export function valueRange(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

function isArrayLike(value: unknown): value is ArrayLike<number> {
  return Array.isArray(value) || ArrayBuffer.isView(value);
}
