import { normalArray } from '../random/normal.js';
import { permutationArray } from '../random/permutation.js';
import { splitSeed } from '../random/split-seed.js';
import { uniformArray } from '../random/uniform.js';
import { arrayProjection, walshHadamardInPlace, type ArrayLinearMap } from './linear-ops.js';
import { checkDims, type Projection, type ProjectionOptions } from './projection.js';

/**
 * The Fastfood projection of intrinsic dimension training: `P·d = (H G Π H B · pad(d))[:D] / (σ·√(D/L))`
 * with `L = 2^⌈log₂ D⌉`, `pad` zero-padding `d` to length L, `B` random ±1, `H` the L×L
 * Walsh–Hadamard matrix, `Π` a random permutation, `G` Gaussian and `σ = √(L·Σ G²)`, so the columns
 * of the untruncated map have unit length. `P` is never formed: it holds `28·L` bytes of plain
 * JavaScript memory (B, Π, G and two float64 work vectors: 7 MiB for the 784-200-200-10 network,
 * L = 262,144) whatever d is, and `P·d` costs two fast Walsh–Hadamard transforms, `O(L log L)`.
 *
 * @param options - `dim` (d), `size` (D), `seed` (0).
 * @returns the projection (`dispose()` drops it).
 * @example
 * const P = fastfoodProjection({ dim: 750, size: 199210, seed: 1 });
 * P.apply(tf.ones([750])).shape; // [199210]
 * P.bytes; // 7340032
 * @see Li, Farkhoor, Liu, Yosinski (2018), Measuring the Intrinsic Dimension of Objective Landscapes (ICLR), §2
 *   (`fastfood_torched` in uber-research/intrinsic-dimension); Le, Sarlós, Smola (2013), Fastfood (ICML).
 */
export function fastfoodProjection(options: ProjectionOptions): Projection {
  const where = 'fastfoodProjection';
  const { dim, size, seed = 0 } = options;
  checkDims(where, dim, size);
  const big = 2 ** Math.ceil(Math.log2(Math.max(size, 2)));
  const signs = uniformArray(splitSeed(seed, 0), big).map((u) => (u < 0.5 ? -1 : 1));
  const perm = permutationArray(splitSeed(seed, 1), big);
  const gauss = normalArray(splitSeed(seed, 2), big);
  let g2 = 0;
  for (const g of gauss) g2 += g * g;
  const scale = 1 / (Math.sqrt(big * g2) * Math.sqrt(size / big));
  for (let i = 0; i < big; i++) gauss[i] *= scale;
  const a = new Float64Array(big);
  const b = new Float64Array(big);
  const map: ArrayLinearMap = {
    rows: size,
    cols: dim,
    // H·G·Π·H·B·pad(x), truncated
    apply(x) {
      a.fill(0);
      for (let i = 0; i < dim; i++) a[i] = signs[i]! * x[i]!;
      walshHadamardInPlace(a);
      for (let i = 0; i < big; i++) b[i] = a[perm[i]!]! * gauss[i]!;
      walshHadamardInPlace(b);
      return Float32Array.from(b.subarray(0, size));
    },
    // the transpose: padᵀ·B·H·Πᵀ·G·H·truncᵀ(y)
    applyTransposed(y) {
      b.fill(0);
      for (let i = 0; i < size; i++) b[i] = y[i]!;
      walshHadamardInPlace(b);
      for (let i = 0; i < big; i++) a[perm[i]!] = b[i]! * gauss[i]!;
      walshHadamardInPlace(a);
      const out = new Float32Array(dim);
      for (let i = 0; i < dim; i++) out[i] = signs[i]! * a[i]!;
      return out;
    },
  };
  return arrayProjection(where, 'fastfood', map, 28 * big);
}
