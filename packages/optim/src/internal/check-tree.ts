import { GradbookError, ShapeError, formatShape, tree } from '@gradbook/core';
import type { Tensor, TensorTree } from '@gradbook/core';

/**
 * Throws unless `value` has the structure and leaf shapes of `reference`. Pure JavaScript: it runs
 * before any tensor is touched, so a bad call leaves nothing half-done.
 */
export function checkTree(where: string, name: string, value: TensorTree, referenceName: string, reference: TensorTree): void {
  let a: tree.FlatTree<Tensor>;
  let b: tree.FlatTree<Tensor>;
  try {
    a = tree.flatten<Tensor>(value);
  } catch (err) {
    throw new GradbookError(where, `${name} is not a tree of tensors: ${(err as Error).message}`);
  }
  b = tree.flatten<Tensor>(reference);
  const key = (p: readonly (string | number)[]) => tree.formatPath(p);
  const pa = a.paths.map(key);
  const pb = b.paths.map(key);
  const sa = new Set(pa);
  const sb = new Set(pb);
  const missing = pb.filter((p) => !sa.has(p));
  const extra = pa.filter((p) => !sb.has(p));
  if (missing.length || extra.length || pa.length !== pb.length) {
    const parts: string[] = [];
    if (missing.length) parts.push(`lacks ${missing.slice(0, 5).join(', ')}`);
    if (extra.length) parts.push(`has extra ${extra.slice(0, 5).join(', ')}`);
    throw new GradbookError(
      where,
      `${name} does not match ${referenceName}: ${name} ${parts.join('; ') || 'has another structure'}; pass gradients computed for the same parameter tree the state was initialised with`,
    );
  }
  for (let i = 0; i < pa.length; i++) {
    const s = a.leaves[i]!.shape;
    const r = b.leaves[i]!.shape;
    if (s.length !== r.length || s.some((d, j) => d !== r[j])) {
      throw new ShapeError(
        where,
        `${name} leaf ${pa[i]} has shape ${formatShape(s)} but ${referenceName} has ${formatShape(r)}; pass gradients of the same parameters`,
        r,
        s,
      );
    }
  }
}
