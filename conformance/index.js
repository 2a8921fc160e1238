// The loader for the conformance cases. The repository keeps its own copy of the public cases so that
// a clone tests on its own; the shared folder may hold newer ones, so the union of both is run.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const ownDir = path.join(here, 'cases');

function sharedCasesDir() {
  const fromEnv = process.env.GRADBOOK_SHARED;
  if (fromEnv) {
    const dir = path.resolve(fromEnv, 'conformance', 'cases');
    // Asked for explicitly, so a wrong path is an error rather than a silently smaller run.
    if (!existsSync(dir)) throw new Error(`GRADBOOK_SHARED is ${fromEnv}, but ${dir} does not exist`);
    return dir;
  }
  const beside = path.resolve(here, '..', '..', 'shared', 'conformance', 'cases');
  return existsSync(beside) ? beside : null;
}

export function caseDirs() {
  const shared = sharedCasesDir();
  return shared && path.resolve(shared) !== path.resolve(ownDir) ? [ownDir, shared] : [ownDir];
}

/** The union of the cases in `dirs`, sorted by id; a duplicate id must hold an identical case. */
export function readCases(dirs) {
  const byId = new Map();
  for (const dir of dirs) {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
      const file = path.join(dir, f);
      let c;
      try {
        c = JSON.parse(readFileSync(file, 'utf8'));
      } catch (err) {
        throw new Error(`conformance case ${file} is not valid JSON: ${err.message}`);
      }
      if (typeof c.id !== 'string' || typeof c.kind !== 'string') throw new Error(`conformance case ${file} has no string "id" and "kind"`);
      const seen = byId.get(c.id);
      if (seen && !isDeepStrictEqual(seen.c, c)) {
        throw new Error(`conformance case ${c.id} differs between ${seen.file} and ${file}; a case with the same id must be identical`);
      }
      if (!seen) byId.set(c.id, { c, file });
    }
  }
  return [...byId.values()].map((v) => v.c).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

let cached = null;

export function loadCases() {
  cached ??= readCases(caseDirs());
  return cached;
}

export function loadCase(id) {
  const c = loadCases().find((x) => x.id === id);
  if (!c) throw new Error(`no conformance case '${id}' in ${caseDirs().join(' or ')}`);
  return c;
}

export function casesOfKind(kind) {
  return loadCases().filter((c) => c.kind === kind);
}
