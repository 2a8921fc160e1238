/**
 * A fixed linear map computed in plain JavaScript (a sparse matrix, the Fastfood transform) as one
 * tape node whose gradient is its transpose, again such a node — so it is right to any order of
 * differentiation. The vector it acts on is read once (`dataSync`) and the result made into a new
 * tensor: on the wasm backend TensorFlow.js's `gather` costs ~75 ms for 2¹⁸ entries where a typed
 * array loop takes a millisecond, and no `UnsortedSegmentSum` is needed in either direction.
 * @internal
 */
import type { Tensor, Tensor1D } from '@tensorflow/tfjs';
import { tf } from '../tf.js';
import { customOp } from '../ops/custom-op.js';
import { GradbookError } from '../errors.js';
import { checkVector, type Projection, type ProjectionKind } from './projection.js';

/** A linear map `M` (`rows × cols`) as two typed-array functions: `M·x` and `Mᵀ·y`. */
export interface ArrayLinearMap {
  readonly rows: number;
  readonly cols: number;
  /** `M·x` for `x` of length `cols`. */
  apply(x: Float32Array): Float32Array;
  /** `Mᵀ·y` for `y` of length `rows`. */
  applyTransposed(y: Float32Array): Float32Array;
}

/** `M·x` as a tensor `[rows]`; its gradient is `Mᵀ·dy`. */
export function mapVector(m: ArrayLinearMap, x: Tensor): Tensor1D {
  return customOp([x], (v) => tf.tensor1d(m.apply(v.dataSync() as Float32Array)), (dy) => [() => mapVectorTransposed(m, dy)]) as Tensor1D;
}

/** `Mᵀ·y` as a tensor `[cols]`; its gradient is `M·dy`. */
export function mapVectorTransposed(m: ArrayLinearMap, y: Tensor): Tensor1D {
  return customOp([y], (v) => tf.tensor1d(m.applyTransposed(v.dataSync() as Float32Array)), (dy) => [() => mapVector(m, dy)]) as Tensor1D;
}

/** The unnormalised Walsh–Hadamard transform `H·a` in place (`a.length` a power of 2; `H` is symmetric, `H² = n·I`). */
export function walshHadamardInPlace(a: Float64Array): void {
  const n = a.length;
  for (let h = 1; h < n; h *= 2) {
    for (let i = 0; i < n; i += 2 * h) {
      for (let j = i; j < i + h; j++) {
        const p = a[j]!;
        const q = a[j + h]!;
        a[j] = p + q;
        a[j + h] = p - q;
      }
    }
  }
}

/**
 * A {@link Projection} over a map of plain arrays (the sparse and Fastfood projections): `apply`
 * checks its argument and maps it; after `dispose` it refuses to (internal).
 */
export function arrayProjection(where: string, kind: ProjectionKind, map: ArrayLinearMap, bytes: number): Projection {
  let live: ArrayLinearMap | undefined = map;
  return {
    kind,
    dim: map.cols,
    size: map.rows,
    bytes,
    apply(d: Tensor): Tensor1D {
      if (!live) throw new GradbookError(`${where}.apply`, 'this projection was disposed');
      checkVector(`${where}.apply`, d, map.cols);
      return mapVector(live, d);
    },
    dispose: () => {
      live = undefined;
    },
  };
}
