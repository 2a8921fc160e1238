import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { setBackend } from '@gradbook/core';
import { sharedDir } from '../shared-dir.js';
import { adapterFor, runCase, type ConformanceCase } from './run-case.js';

const dir = path.join(sharedDir(), 'conformance', 'cases');
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as ConformanceCase);

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
