import { existsSync } from 'node:fs';
import { compare, type Comparison } from './compare.js';

/** One conformance case as stored in `conformance/cases/*.json` (and the shared folder's, when present). */
export interface ConformanceCase {
  id: string;
  kind: string;
  /** Absent in kinds that keep it per item (`items[i].expected`, as `mgda-two-task`). */
  expected?: unknown;
  tolerance: { rtol: number; atol: number };
  [input: string]: unknown;
}

/** What the runner prints for one case. */
export interface CaseResult extends Comparison {
  id: string;
}

type Compute = (c: ConformanceCase) => Promise<unknown>;

const adapters = new Map<string, Compute | null>();

/**
 * Finds the adapter for a kind: `kinds/<kind>.ts` default-exports `compute(case)`, which returns a
 * JSON-like value shaped like `case.expected`. A kind without an adapter is unsupported (so far).
 */
export async function adapterFor(kind: string): Promise<Compute | null> {
  if (!/^[a-z0-9-]+$/.test(kind)) return null;
  if (!adapters.has(kind)) {
    const file = new URL(`./kinds/${kind}.ts`, import.meta.url);
    adapters.set(kind, existsSync(file) ? ((await import(file.href)) as { default: Compute }).default : null);
  }
  return adapters.get(kind)!;
}

/** Runs one case and compares its result; an adapter that throws fails the case with its message. */
export async function runCase(c: ConformanceCase): Promise<CaseResult> {
  const id = String(c.id ?? '<no id>');
  const compute = await adapterFor(String(c.kind));
  if (!compute) return { id, pass: false, maxAbsErr: NaN, maxRelErr: NaN, detail: 'unsupported kind' };
  const expected = expectedOf(c);
  if (expected === undefined) return { id, pass: false, maxAbsErr: NaN, maxRelErr: NaN, detail: 'the case has no expected value' };
  try {
    const computed = await compute(c);
    return { id, ...compare(expected, computed, c.tolerance) };
  } catch (err) {
    return { id, pass: false, maxAbsErr: NaN, maxRelErr: NaN, detail: `error: ${(err as Error).message}` };
  }
}

/**
 * A case's expected value: its `expected`, or, for kinds that store one per item, the list of the
 * items' `expected` in order (what those adapters return).
 */
export function expectedOf(c: ConformanceCase): unknown {
  if (c.expected !== undefined) return c.expected;
  const items = c['items'];
  if (Array.isArray(items) && items.length > 0 && items.every((i) => i && typeof i === 'object' && 'expected' in i)) {
    return items.map((i: { expected: unknown }) => i.expected);
  }
  return undefined;
}
