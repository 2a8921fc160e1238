/** The outcome of comparing a computed value with a case's expected value. */
export interface Comparison {
  pass: boolean;
  maxAbsErr: number;
  maxRelErr: number;
  detail?: string;
}

export interface Tolerance {
  rtol: number;
  atol: number;
}

/**
 * Compares `computed` with `expected` leaf by leaf: every expected number `e` and computed number `c`
 * must satisfy `|c − e| ≤ atol + rtol·|e|`, and arrays must have exactly the same shape, objects the
 * same keys. The first structural mismatch is reported in `detail` with its path.
 */
export function compare(expected: unknown, computed: unknown, tol: Tolerance): Comparison {
  let maxAbsErr = 0;
  let maxRelErr = 0;
  let worst: string | undefined;
  let worstExcess = 0;
  const fail = (path: string, why: string): Comparison => ({ pass: false, maxAbsErr, maxRelErr, detail: `${path || '<root>'}: ${why}` });

  const walk = (e: unknown, c: unknown, path: string): Comparison | undefined => {
    if (typeof e === 'number') {
      if (typeof c !== 'number') return fail(path, `expected a number, got ${describe(c)}`);
      if (Number.isNaN(c) !== Number.isNaN(e)) return fail(path, `expected ${e}, got ${c}`);
      if (Number.isNaN(e)) return undefined;
      const abs = Math.abs(c - e);
      const rel = abs / Math.max(Math.abs(e), Number.MIN_VALUE);
      if (Number.isFinite(abs)) {
        maxAbsErr = Math.max(maxAbsErr, abs);
        if (e !== 0) maxRelErr = Math.max(maxRelErr, rel);
      } else if (c !== e) {
        return fail(path, `expected ${e}, got ${c}`);
      }
      const excess = abs - (tol.atol + tol.rtol * Math.abs(e));
      if (excess > worstExcess) {
        worstExcess = excess;
        worst = `${path || '<root>'}: expected ${e}, got ${c}`;
      }
      return undefined;
    }
    if (Array.isArray(e)) {
      if (!Array.isArray(c)) return fail(path, `expected an array of ${e.length}, got ${describe(c)}`);
      if (c.length !== e.length) return fail(path, `expected ${e.length} items, got ${c.length}`);
      for (let i = 0; i < e.length; i++) {
        const r = walk(e[i], c[i], `${path}[${i}]`);
        if (r) return r;
      }
      return undefined;
    }
    if (e !== null && typeof e === 'object') {
      if (c === null || typeof c !== 'object' || Array.isArray(c)) return fail(path, `expected an object, got ${describe(c)}`);
      const ek = Object.keys(e).sort();
      const missing = ek.filter((k) => !(k in (c as object)));
      if (missing.length) return fail(path, `missing ${missing.join(', ')}`);
      for (const k of ek) {
        const r = walk((e as Record<string, unknown>)[k], (c as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
        if (r) return r;
      }
      return undefined;
    }
    if (e !== c) return fail(path, `expected ${JSON.stringify(e)}, got ${JSON.stringify(c)}`);
    return undefined;
  };

  const structural = walk(expected, computed, '');
  if (structural) return structural;
  return worst === undefined ? { pass: true, maxAbsErr, maxRelErr } : { pass: false, maxAbsErr, maxRelErr, detail: worst };
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v === null) return 'null';
  return typeof v;
}
