/**
 * Publishing works before anything is published: each public package is packed with pnpm (which
 * rewrites `workspace:` ranges), the tarballs are installed into an empty project with plain npm,
 * and imported from ESM and type-checked from TypeScript.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
    // Only @gradbook/cli ships more: the browser app's built files (app/).
    const stray = files.filter((f) => !/^(package\.json|README\.md|LICENSE|dist\/.+|bin\/.+)$/.test(f) && !(name === '@gradbook/cli' && /^app\/.+/.test(f)));
    expect(stray).toEqual([]);
    expect(files.filter((f) => /\.test\.|tsbuildinfo|\/src\//.test(f))).toEqual([]);
    const manifest = JSON.parse(sh('tar', ['xzOf', tarballs.get(name)!, 'package/package.json'], work));
    expect(JSON.stringify(manifest)).not.toMatch(/workspace:/);
    // Exactly one package declares the `gradbook` command, so two bins never collide.
    expect([name, manifest.bin?.gradbook]).toEqual([name, name === '@gradbook/cli' ? './bin/gradbook.js' : undefined]);
    if (name === '@gradbook/cli') {
      expect(files).toEqual(expect.arrayContaining(['bin/gradbook.js', 'app/index.html', 'app/tfjs-wasm/tfjs-backend-wasm-simd.wasm', 'app/tfjs-wasm/tfjs-backend-wasm.wasm']));
      expect(files.filter((f) => f.startsWith('app/notebooks/'))).toEqual([]);
    }
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

describe('the packed gradbook command, installed into an empty folder outside the repository', () => {
  let project: string;
  const gradbook = (): string => path.join(project, 'node_modules', '.bin', 'gradbook');
  const NOTEBOOK = ['---', 'title: Packed', 'test:', '  n: 2', '---', '# Packed', '', 'Checks the installed command.', '', '```js', 'n = 10', '```', '', '```js', 'total = tf.tensor1d([n, n]).sum().dataSync()[0]', '```', '', '```js', 'twice = assert(total === 2 * n, "total is twice n")', '```', ''].join('\n');

  beforeAll(() => {
    project = path.join(work, 'consumer');
    mkdirSync(path.join(project, 'week 1'), { recursive: true });
    writeFileSync(path.join(project, 'week 1', 'x.md'), NOTEBOOK);
  });

  it('runs a notebook by a path relative to the working folder', () => {
    const out = sh(gradbook(), ['run', 'x.md', '--test', '--no-cache', '--quiet'], path.join(project, 'week 1'), 120_000);
    expect(out).toMatch(/^Packed: 3 cells ran, 0 failed/);
  });

  it('builds a site of the folder with the app, the notebook and the WebAssembly binaries', () => {
    const out = sh(gradbook(), ['build', '.', '--out', 'site'], project, 120_000);
    expect(out).toMatch(/site of 1 notebook written to/);
    const index = JSON.parse(readFileSync(path.join(project, 'site', 'notebooks', 'index.json'), 'utf8'));
    expect(index).toEqual([{ id: 'week 1/x', file: 'week 1/x.md', title: 'Packed', description: 'Checks the installed command.' }]);
    expect(readFileSync(path.join(project, 'site', 'notebooks', 'week 1', 'x.md'), 'utf8')).toBe(NOTEBOOK);
    expect(readFileSync(path.join(project, 'site', 'index.html'), 'utf8')).toMatch(/Content-Security-Policy/);
    expect(existsSync(path.join(project, 'site', 'tfjs-wasm', 'tfjs-backend-wasm-simd.wasm'))).toBe(true);
  });

  it('previews the folder over HTTP and stops on SIGTERM', async () => {
    const child = spawn(gradbook(), ['preview', '--port', '0'], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no address printed in 30 s: ${out}`)), 30_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.once('exit', (code) => reject(new Error(`preview exited with ${code}: ${out}`)));
      });
      const index = await (await fetch(`${url}notebooks/index.json`)).json();
      expect(index).toEqual([{ id: 'week 1/x', file: 'week 1/x.md', title: 'Packed', description: 'Checks the installed command.' }]);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<div id="app">/);
      expect((await fetch(`${url}tfjs-wasm/tfjs-backend-wasm.wasm`)).headers.get('content-type')).toBe('application/wasm');
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
