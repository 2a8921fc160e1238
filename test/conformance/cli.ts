/**
 * The conformance runner: `pnpm conformance <case.json | dir> [--backend cpu|wasm]`.
 * Prints one JSON line per case, then `N passed, M failed`; exits 1 when any case failed.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { setBackend } from '@gradbook/core';
import { runCase, type ConformanceCase } from './run-case.js';

function usage(message: string): never {
  process.stderr.write(`conformance: ${message}\nusage: pnpm conformance <case.json | dir> [--backend cpu|wasm]\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let backend = 'cpu';
const targets: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--backend') backend = args[++i] ?? usage('--backend needs a value');
  else if (a.startsWith('--backend=')) backend = a.slice('--backend='.length);
  else if (a === '--') continue;
  else if (a.startsWith('-')) usage(`unknown option ${a}`);
  else targets.push(a);
}
if (targets.length === 0) usage('name a case file or a directory of cases');
if (!['cpu', 'wasm', 'auto', 'tensorflow', 'webgl', 'webgpu'].includes(backend)) usage(`unknown backend '${backend}'`);

// pnpm runs scripts from the workspace root; resolve paths from where the user typed the command.
const base = process.env.INIT_CWD ?? process.cwd();
const files: string[] = [];
for (const t of targets) {
  const p = path.resolve(base, t);
  let st;
  try {
    st = statSync(p);
  } catch {
    usage(`no such file or directory: ${t}`);
  }
  if (st.isDirectory()) {
    files.push(...readdirSync(p).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(p, f)));
  } else files.push(p);
}

await setBackend(backend as 'cpu');
let passed = 0;
let failed = 0;
for (const file of files) {
  let c: ConformanceCase;
  try {
    c = JSON.parse(readFileSync(file, 'utf8')) as ConformanceCase;
  } catch (err) {
    failed++;
    console.log(JSON.stringify({ id: path.basename(file, '.json'), pass: false, maxAbsErr: null, maxRelErr: null, detail: `unreadable case: ${(err as Error).message}` }));
    continue;
  }
  const r = await runCase(c);
  if (r.pass) passed++;
  else failed++;
  console.log(JSON.stringify({ id: r.id, pass: r.pass, maxAbsErr: num(r.maxAbsErr), maxRelErr: num(r.maxRelErr), ...(r.detail ? { detail: r.detail } : {}) }));
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;

function num(x: number): number | null {
  return Number.isFinite(x) ? Number(x.toPrecision(4)) : null;
}
