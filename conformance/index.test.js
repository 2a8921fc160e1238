import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { caseDirs, loadCases, readCases } from './index.js';

const root = mkdtempSync(path.join(tmpdir(), 'gradbook-cases-'));
after(() => rmSync(root, { recursive: true, force: true }));

function folder(name, cases) {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const c of cases) writeFileSync(path.join(dir, `${c.id}.json`), JSON.stringify(c));
  return dir;
}

const a = { id: 'a', kind: 'model-forward', expected: [1], tolerance: { rtol: 0, atol: 0 } };
const b = { id: 'b', kind: 'reste', expected: [2], tolerance: { rtol: 0, atol: 0 } };

test('the union of two folders holds each id once, sorted', () => {
  const own = folder('own', [b, a]);
  const shared = folder('shared', [a, { ...b, id: 'c' }]);
  assert.deepEqual(readCases([own, shared]).map((c) => c.id), ['a', 'b', 'c']);
});

test('a case whose id is in both folders with other content is an error naming it', () => {
  const own = folder('own2', [a]);
  const shared = folder('shared2', [{ ...a, expected: [1.5] }]);
  assert.throws(() => readCases([own, shared]), /conformance case a differs between .*own2.* and .*shared2/);
});

test('a file that is not JSON is named', () => {
  const dir = folder('bad', []);
  writeFileSync(path.join(dir, 'x.json'), '{');
  assert.throws(() => readCases([dir]), /x\.json is not valid JSON/);
});

test('the repository copy is read first, and it holds the public cases', () => {
  const dirs = caseDirs();
  assert.match(dirs[0], /conformance[\\/]cases$/);
  const ids = loadCases().map((c) => c.id);
  assert.ok(ids.includes('optimizer-adam-public'));
  assert.ok(ids.length >= 27);
});

test('GRADBOOK_SHARED that names no folder of cases is an error, not a smaller run', () => {
  const saved = process.env.GRADBOOK_SHARED;
  process.env.GRADBOOK_SHARED = path.join(root, 'missing');
  try {
    assert.throws(() => caseDirs(), /GRADBOOK_SHARED is .*missing.*does not exist/);
  } finally {
    if (saved === undefined) delete process.env.GRADBOOK_SHARED;
    else process.env.GRADBOOK_SHARED = saved;
  }
});
