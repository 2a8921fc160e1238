/** All conformance cases of one kind: the repository's copy and the shared folder's, when present. */
export { casesOfKind } from '@gradbook/conformance-cases';

/** Max violation of `|c − e| ≤ atol + rtol·|e|` over nested arrays/objects (≤ 0 passes); throws on shape mismatch. */
export function excess(expected: unknown, computed: unknown, tol: { rtol: number; atol: number }, path = ''): number {
  if (typeof expected === 'number') {
    if (typeof computed !== 'number') throw new Error(`${path}: expected a number`);
    return Math.abs(computed - expected) - (tol.atol + tol.rtol * Math.abs(expected));
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(computed) || computed.length !== expected.length) throw new Error(`${path}: length differs`);
    return Math.max(-Infinity, ...expected.map((e, i) => excess(e, computed[i], tol, `${path}[${i}]`)));
  }
  const e = expected as Record<string, unknown>;
  const c = computed as Record<string, unknown>;
  return Math.max(-Infinity, ...Object.keys(e).map((k) => excess(e[k], c?.[k], tol, `${path}.${k}`)));
}
