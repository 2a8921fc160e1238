import { GradbookError } from '../errors.js';
import { splitSeed } from '../random/split-seed.js';
import { uniformArray } from '../random/uniform.js';
import { arrayProjection, type ArrayLinearMap } from './linear-ops.js';
import { checkDims, type Projection, type ProjectionOptions } from './projection.js';

/** Options of {@link sparseProjection}. */
export interface SparseProjectionOptions extends ProjectionOptions {
  /** The probability that an entry of `P` is non-zero. Default `1/√size` (Li, Hastie, Church's very sparse projections). */
  density?: number;
}

/**
 * The sparse random projection of intrinsic dimension training: each entry of the `[D, d]` matrix
 * `P` is non-zero with probability `density` (default `1/√D`), ±1 with equal odds, and each column is
 * then scaled to unit length. It holds its `nnz ≈ d·√D` entries twice (by rows for `P·d`, by columns
 * for the gradient `Pᵀ·g`), about `16·nnz + 4·(D + d)` bytes of plain JavaScript memory: 7.6 MiB for the
 * 784-200-200-10 network (D = 199,210) at d = 1000, where a dense `P` takes 760 MiB.
 *
 * @param options - `dim` (d), `size` (D), `seed` (0), `density` (`1/√size`).
 * @returns the projection (`dispose()` drops it).
 * @example
 * const P = sparseProjection({ dim: 100, size: 199210, seed: 1 });
 * P.apply(tf.ones([100])).shape; // [199210]
 * @see Li, Farkhoor, Liu, Yosinski (2018), Measuring the Intrinsic Dimension of Objective Landscapes (ICLR), §2;
 *   Li, Hastie, Church (2006), Very Sparse Random Projections (KDD).
 */
export function sparseProjection(options: SparseProjectionOptions): Projection {
  const where = 'sparseProjection';
  const { dim, size, seed = 0 } = options;
  checkDims(where, dim, size);
  const density = options.density ?? 1 / Math.sqrt(size);
  if (!(density > 0 && density <= 1)) throw new GradbookError(`${where}(density)`, `expected a probability in (0, 1], got ${density}`);
  // Entries come column by column, so they are already grouped by column (CSC).
  const { rows, colStart, vals } = draw(dim, size, density, seed);
  for (let j = 0; j < dim; j++) {
    const s = 1 / Math.sqrt(Math.max(1, colStart[j + 1]! - colStart[j]!));
    for (let e = colStart[j]!; e < colStart[j + 1]!; e++) vals[e] *= s;
  }
  const csr = byRows(size, rows, colStart, vals);
  const map: ArrayLinearMap = {
    rows: size,
    cols: dim,
    apply(x) {
      const out = new Float32Array(size);
      for (let i = 0; i < size; i++) {
        let s = 0;
        for (let e = csr.rowStart[i]!; e < csr.rowStart[i + 1]!; e++) s += csr.vals[e]! * x[csr.cols[e]!]!;
        out[i] = s;
      }
      return out;
    },
    applyTransposed(y) {
      const out = new Float32Array(dim);
      for (let j = 0; j < dim; j++) {
        let s = 0;
        for (let e = colStart[j]!; e < colStart[j + 1]!; e++) s += vals[e]! * y[rows[e]!]!;
        out[j] = s;
      }
      return out;
    },
  };
  const nnz = rows.length;
  return arrayProjection(where, 'sparse', map, 4 * (2 * nnz + dim + 1) + 4 * (2 * nnz + size + 1));
}

/** The non-zero entries column by column, by geometric skips over the `size·dim` positions: O(nnz) draws. */
function draw(dim: number, size: number, density: number, seed: number): { rows: Int32Array; colStart: Int32Array; vals: Float32Array } {
  const rows: number[] = [];
  const vals: number[] = [];
  const colStart = new Int32Array(dim + 1);
  const next = stream(seed);
  const logq = Math.log1p(-density);
  let pos = -1;
  for (;;) {
    pos += density === 1 ? 1 : 1 + Math.floor(Math.log1p(-next()) / logq);
    if (pos >= size * dim) break;
    colStart[Math.floor(pos / size) + 1]++;
    rows.push(pos % size);
    vals.push(next() < 0.5 ? -1 : 1);
  }
  for (let j = 0; j < dim; j++) colStart[j + 1] += colStart[j]!;
  return { rows: Int32Array.from(rows), colStart, vals: Float32Array.from(vals) };
}

/** Uniform numbers in [0, 1) from a seed, in chunks of core's `uniformArray`. */
function stream(seed: number): () => number {
  let chunk = 0;
  let buf = uniformArray(splitSeed(seed, chunk), 4096);
  let i = 0;
  return () => {
    if (i === buf.length) {
      buf = uniformArray(splitSeed(seed, ++chunk), 4096);
      i = 0;
    }
    return buf[i++]!;
  };
}

/** The same entries grouped by row (CSR). */
function byRows(size: number, rows: Int32Array, colStart: Int32Array, vals: Float32Array): { rowStart: Int32Array; cols: Int32Array; vals: Float32Array } {
  const rowStart = new Int32Array(size + 1);
  for (const r of rows) rowStart[r + 1]++;
  for (let i = 0; i < size; i++) rowStart[i + 1] += rowStart[i]!;
  const fill = rowStart.slice(0, size);
  const cols = new Int32Array(rows.length);
  const v = new Float32Array(rows.length);
  for (let j = 0; j + 1 < colStart.length; j++) {
    for (let e = colStart[j]!; e < colStart[j + 1]!; e++) {
      const at = fill[rows[e]!]!++;
      cols[at] = j;
      v[at] = vals[e]!;
    }
  }
  return { rowStart, cols, vals: v };
}
