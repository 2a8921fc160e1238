import type { Tensor, Tensor1D } from '@tensorflow/tfjs';
import { GradbookError, ShapeError, formatShape } from '../errors.js';

/** Which random projection: a dense Gaussian matrix, a very sparse one, or the Fastfood transform. */
export type ProjectionKind = 'dense' | 'sparse' | 'fastfood';

/**
 * A fixed random linear map `P` from a small subspace to the parameter space, `d ↦ P·d` with `d` of
 * length {@link Projection.dim} and `P·d` of length {@link Projection.size}: the `P` of intrinsic
 * dimension training, `θ = θ0 + P·d` (Li et al. 2018). Its columns have unit length (approximately
 * for Fastfood), so a unit step in `d` is a unit step in `θ`.
 */
export interface Projection {
  readonly kind: ProjectionKind;
  /** The subspace dimension d: the length of the vectors it maps. */
  readonly dim: number;
  /** The parameter count D: the length of the vectors it makes. */
  readonly size: number;
  /** The bytes of tensor memory it holds (a dense `P` holds `4·D·d`). */
  readonly bytes: number;
  /** `P·d` for `d` of shape `[dim]`: shape `[size]`, differentiable in `d` to any order. A new tensor (yours). */
  apply(d: Tensor): Tensor1D;
  /** Frees its tensors. */
  dispose(): void;
}

/** The options every projection takes. */
export interface ProjectionOptions {
  /** The subspace dimension d, a whole number ≥ 1 and ≤ `size`. */
  dim: number;
  /** The parameter count D it maps into (a model's parameter count). */
  size: number;
  /** Seed of its random draws. Default 0. */
  seed?: number;
}

/** Checks `dim` and `size` (`where` names the function). */
export function checkDims(where: string, dim: number, size: number): void {
  if (!Number.isInteger(size) || size < 1) throw new GradbookError(`${where}(size)`, `expected the parameter count as a whole number ≥ 1, got ${size}`);
  if (!Number.isInteger(dim) || dim < 1 || dim > size) {
    throw new GradbookError(`${where}(dim)`, `expected a subspace dimension that is a whole number in [1, ${size}] (the parameter count), got ${dim}`);
  }
}

/** Checks that `d` is a vector of `dim` numbers. */
export function checkVector(where: string, d: Tensor, dim: number): void {
  if (d.rank !== 1 || d.shape[0] !== dim) {
    throw new ShapeError(`${where}(d)`, `expected the subspace coordinates as a vector [${dim}], got ${formatShape(d.shape)}`, [dim], d.shape);
  }
}
