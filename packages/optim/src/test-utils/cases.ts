import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shared conformance cases folder, beside the checkout (`GRADBOOK_SHARED` overrides). */
export const casesDir = process.env.GRADBOOK_SHARED
  ? `${process.env.GRADBOOK_SHARED}/conformance/cases/`
  : fileURLToPath(new URL('../../../../../shared/conformance/cases/', import.meta.url));

/** All cases of one kind. */
export function casesOfKind(kind: string): any[] {
  return readdirSync(casesDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(casesDir + f, 'utf8')))
    .filter((c) => c.kind === kind);
}

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
