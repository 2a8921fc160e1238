/**
 * Publishing works before anything is published: each public package is packed with pnpm (which
 * rewrites `workspace:` ranges), the tarballs are installed into an empty project with plain npm,
 * and imported from ESM and type-checked from TypeScript.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const packagesDir = path.join(repo, 'packages');
const publicPackages = readdirSync(packagesDir)
  .map((dir) => ({ dir, json: JSON.parse(readFileSync(path.join(packagesDir, dir, 'package.json'), 'utf8')) }))
  .filter((p) => !p.json.private);

// The pnpm that runs this test (pnpm sets npm_execpath for scripts), else a pinned one through npx.
const execPath = process.env['npm_execpath'] ?? '';
const pnpm: [string, string[]] = /pnpm/.test(path.basename(execPath)) ? [process.execPath, [execPath]] : ['npx', ['-y', 'pnpm@10.34.9']];
let work: string;
const tarballs = new Map<string, string>();

function sh(cmd: string, args: string[], cwd: string, timeoutMs = 240_000): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, env: { ...process.env, npm_config_loglevel: 'error' } });
  } catch (err) {
    const e = err as { signal?: string; stderr?: string };
    if (e.signal === 'SIGTERM') throw new Error(`${[cmd, ...args].join(' ')} in ${cwd} did not finish in ${timeoutMs / 1000} s`);
    throw err;
  }
}

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'gradbook-pack-'));
  for (const p of publicPackages) {
    sh(pnpm[0], [...pnpm[1], 'pack', '--pack-destination', work], path.join(packagesDir, p.dir), 60_000);
    const file = readdirSync(work).find((f) => f.startsWith(`gradbook-${p.dir}-`) && f.endsWith('.tgz'));
    if (!file) throw new Error(`pnpm pack produced no tarball for ${p.json.name}`);
    tarballs.set(p.json.name, path.join(work, file));
  }
}, 420_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('packed tarballs', () => {
  it.each(publicPackages.map((p) => [p.json.name, p] as const))('%s holds its build, types, README and license only', (name) => {
    const files = sh('tar', ['tzf', tarballs.get(name)!], work).trim().split('\n').map((f) => f.replace(/^package\//, ''));
    expect(files).toContain('package.json');
    expect(files).toContain('README.md');
    expect(files).toContain('LICENSE');
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    const stray = files.filter((f) => !/^(package\.json|README\.md|LICENSE|dist\/.+|bin\/.+)$/.test(f));
    expect(stray).toEqual([]);
    expect(files.filter((f) => /\.test\.|tsbuildinfo|\/src\//.test(f))).toEqual([]);
    const manifest = JSON.parse(sh('tar', ['xzOf', tarballs.get(name)!, 'package/package.json'], work));
    expect(JSON.stringify(manifest)).not.toMatch(/workspace:/);
  });
});

describe('installed with npm into an empty project', () => {
  let project: string;

  beforeAll(() => {
    project = path.join(work, 'consumer');
    const deps = Object.fromEntries([...tarballs].map(([name, file]) => [name, `file:${file}`]));
    // The registry these machines reach lacks a package that @uwdata/flechette 2.7 (arquero's) pulls
    // in; the workspace pins 2.6.0 the same way (root package.json, pnpm.overrides).
    const pins = { '@uwdata/flechette': '2.6.0' };
    mkdirSync(project);
    writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: deps, overrides: { ...deps, ...pins } }, null, 2),
    );
    sh('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline'], project, 480_000);
  }, 600_000);

  it('imports every package from ESM', () => {
    const names = [...tarballs.keys()];
    const script = `const names = ${JSON.stringify(names)};
      const out = {};
      for (const n of names) { const m = await import(n); out[n] = Object.keys(m).length; }
      console.log(JSON.stringify(out));`;
    writeFileSync(path.join(project, 'check.mjs'), script);
    const counts = JSON.parse(sh('node', ['check.mjs'], project)) as Record<string, number>;
    for (const n of names) expect(counts[n], n).toBeGreaterThan(0);
  });

  it('trains from the installed tarball with a worker thread: the worker script ships and loads', () => {
    const script = `import { crossEntropy, dense, sequential, setBackend, tf, train, tree } from '@gradbook/core';
      await setBackend('cpu');
      const model = sequential([4], [dense({ units: 8, activation: 'tanh' }), dense({ units: 2 })]);
      const x = tf.randomNormal([16, 4], 0, 1, 'float32', 1);
      const y = tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 2), 'int32');
      const sgd = { init: () => null, update: (g) => ({ updates: tree.scale(g, -0.1), state: null }) };
      const losses = {};
      for (const threads of [1, 2]) {
        losses[threads] = [];
        for await (const e of train({ model, loss: crossEntropy, optimizer: sgd, data: { x, y }, steps: 3, threads })) {
          losses[threads].push(e.loss);
          if (e.step === 3) tree.dispose(e.params);
        }
      }
      console.log(JSON.stringify(losses));`;
    writeFileSync(path.join(project, 'threads.mjs'), script);
    const losses = JSON.parse(sh('node', ['threads.mjs'], project)) as Record<string, number[]>;
    expect(losses['2']).toHaveLength(3);
    losses['2']!.forEach((l, i) => expect(Math.abs(l - losses['1']![i]!)).toBeLessThan(1e-5));
  });

  it('type-checks a TypeScript consumer against the published declarations', () => {
    const imports = [...tarballs.keys()].map((n, i) => `import * as m${i} from '${n}';\nexport const k${i}: string[] = Object.keys(m${i});`).join('\n');
    const use = `import { tree, tf, type Params } from '@gradbook/core';
const p: Params = { dense: { kernel: tf.zeros([2, 2]), bias: tf.zeros([2]) } };
export const n: number = tree.count(p);
// @ts-expect-error count takes a tree, not a string
tree.count('not a tree');
`;
    writeFileSync(path.join(project, 'index.ts'), `${imports}\n${use}`);
    writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, skipLibCheck: false, types: [] }, files: ['index.ts'] }),
    );
    const tsc = path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
    let output = '';
    try {
      output = sh('node', [tsc, '-p', 'tsconfig.json'], project);
    } catch (err) {
      output = String((err as { stdout?: string }).stdout ?? err);
    }
    // Our declarations are checked in full (skipLibCheck off), but tfjs-layers, arquero and
    // flechette ship declarations that fail strict checks on their own: only errors in the consumer
    // or in @gradbook's declarations count.
    const ours = output.split('\n').filter((line) => /error TS/.test(line) && !/^node_modules\/(?!@gradbook\/)/.test(line));
    expect(ours).toEqual([]);
    expect(output).not.toMatch(/index\.ts\(/);
  });
});
