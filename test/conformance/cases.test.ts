import { afterAll, describe, expect, it } from 'vitest';
import { setBackend } from '@gradbook/core';
import { loadCases } from '@gradbook/conformance-cases';
import { adapterFor, runCase, type ConformanceCase } from './run-case.js';

// The repository's copy of the public cases, and the shared folder's when present (the union).
const cases = loadCases() as ConformanceCase[];

describe.each(['cpu', 'wasm'] as const)('conformance cases on %s', (backend) => {
  afterAll(() => setBackend('cpu'));

  it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    await setBackend(backend);
    const compute = await adapterFor(c.kind);
    expect(compute, `kind ${c.kind} has no adapter in test/conformance/kinds/`).not.toBeNull();
    const r = await runCase(c);
    expect(r.detail ?? '', `${c.id} on ${backend}`).toBe('');
    expect(r.pass).toBe(true);
  });
});
