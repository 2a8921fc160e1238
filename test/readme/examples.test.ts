/**
 * Every package README's ```js and ```ts examples run as written.
 *
 * Each README's blocks, in order, become one program (blocks build on earlier ones), written to a
 * temporary file in this folder (so `@gradbook/*` resolve from test/node_modules) and run with the
 * repo's `tsx --conditions=@gradbook/source`, so the packages run from their TypeScript sources. A
 * README passes when its program exits 0.
 *
 * How blocks are joined into one program:
 * - Imports are hoisted to the top and merged: two blocks may both `import { tf } from
 *   '@gradbook/core'` (a module may bind a name only once), but a name bound to two different
 *   things is an error.
 * - Each block opens a nested scope (`{`) that stays open to the end of the program, so a later
 *   block sees everything an earlier one defined, and may define the same name again (shadowing
 *   it), as a self-contained example often does.
 *
 * Markers, in an HTML comment on the line right before a fence (blank lines between are fine):
 * - `<!-- example: skip (why) -->` leaves a block out (a shell command, a type-only signature,
 *   pseudo-code); the reason in parentheses is required.
 * - `<!-- example: check tensors -->` (optionally with a reason in parentheses) is for a block that
 *   says it frees every tensor it makes: the program fails if `tf.memory().numTensors` differs after
 *   the block from before it. Only for blocks that claim so; the other blocks are not checked.
 * Any other `<!-- example: … -->` directive is an error, so that a typo cannot silently skip a block.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RUNNABLE, buildProgram, fencedBlocks, runProgram, toReadmeLines, type Block, type RunResult } from './examples.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const TIMEOUT_MS = 120_000;

/** The end of an output, with very long lines (minified sources that Node quotes) cut short. */
const tail = (s: string, n = 6000) => {
  const lines = s.split('\n').map((l) => (l.length > 300 ? `${l.slice(0, 300).trimEnd()} …` : l));
  const text = lines.join('\n');
  return text.length > n ? `…${text.slice(-n)}` : text;
};

const packagesDir = path.join(repo, 'packages');
const readmes = readdirSync(packagesDir)
  .filter((dir) => existsSync(path.join(packagesDir, dir, 'README.md')))
  .sort()
  .map((dir) => {
    const name = `packages/${dir}/README.md`;
    return { name, blocks: fencedBlocks(readFileSync(path.join(repo, name), 'utf8')) };
  });

describe('README code-block extraction', () => {
  it('finds fences, skips marked blocks, and keeps nested fences inside a longer one', () => {
    const md = [
      '```ts', 'const a = 1;', '```', '',
      '<!-- example: skip (a signature) -->', '', '```js', 'f(x: T): U', '```',
      '````markdown', '```js', 'x = 1', '```', '````',
      '```sh', 'ls', '```',
    ].join('\n');
    const blocks = fencedBlocks(md);
    expect(blocks.map((b) => [b.lang, b.line, b.code, b.skip])).toEqual([
      ['ts', 2, 'const a = 1;', undefined],
      ['js', 8, 'f(x: T): U', 'a signature'],
      ['markdown', 11, '```js\nx = 1\n```', undefined],
      ['sh', 16, 'ls', undefined],
    ]);
    expect(() => fencedBlocks('<!-- example: skp -->\n```js\n1\n```')).toThrow(/unknown example directive/);
    expect(() => fencedBlocks('<!-- example: skip -->\n```js\n1\n```')).toThrow(/unknown example directive/);
    expect(fencedBlocks('<!-- example: check tensors (it says so) -->\n```js\n1\n```')[0]!.checkTensors).toBe(true);
  });

  it('merges repeated imports, rejects conflicting ones, and lets a later block redefine a name', () => {
    const blocks: Block[] = [
      { lang: 'ts', line: 2, code: "import { a, b } from 'm';\nconst x = a;" },
      { lang: 'ts', line: 10, code: "import {\n  a,\n  c as d,\n} from 'm';\nimport * as n from 'n';\nconst x = d;" },
    ];
    const { source, lineMap } = buildProgram(blocks, 'R.md');
    const lines = source.split('\n');
    expect(lines.filter((l) => l.startsWith('import'))).toEqual([
      "import { a as a } from 'm';", "import { b as b } from 'm';", "import { c as d } from 'm';", "import * as n from 'n';",
    ]);
    expect(lines[lineMap.indexOf(15)]).toBe('const x = d;');
    // Each block opens a scope that stays open: later blocks see earlier names and may shadow them.
    const scoped = buildProgram(
      [
        { lang: 'js', line: 1, code: 'const x = 1;\nout.push(x);' },
        { lang: 'js', line: 5, code: 'const y = x + 1;\nout.push(x, y);' },
        { lang: 'js', line: 9, code: 'const x = 3;\nout.push(x, y);' },
      ],
      'R.md',
    );
    const out: number[] = [];
    new Function('out', scoped.source)(out);
    expect(out).toEqual([1, 1, 2, 3, 2]);
    expect(() => buildProgram([{ lang: 'ts', line: 1, code: "import { a } from 'm';" }, { lang: 'ts', line: 5, code: "import { a } from 'other';" }], 'R.md')).toThrow(
      /R\.md:5: "a" is imported as \{ a \} from 'other', but line 1/,
    );
  });
});

describe('README examples run as written', () => {
  it('every package has a README with runnable examples', () => {
    expect(readmes.length).toBeGreaterThanOrEqual(6);
    for (const r of readmes) expect(r.blocks.filter((b) => RUNNABLE.has(b.lang) && !b.skip).length, r.name).toBeGreaterThan(0);
  });

  it.each(readmes.map((r) => [r.name, r] as const))('%s', async (name, readme) => {
    const runnable = readme.blocks.filter((b) => RUNNABLE.has(b.lang) && !b.skip);
    const program = buildProgram(runnable, name);
    const file = path.join(here, `.example-${path.basename(path.dirname(name))}-${process.pid}.mts`);
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'gradbook-readme-'));
    writeFileSync(file, program.source);
    let result: RunResult;
    try {
      result = await runProgram(file, cwd, TIMEOUT_MS);
    } finally {
      rmSync(file, { force: true });
      rmSync(cwd, { recursive: true, force: true });
    }
    const how = result.timedOut ? `did not finish in ${TIMEOUT_MS / 1000} s` : result.signal ? `was killed by ${result.signal}` : `exited with code ${result.code}`;
    const message = [
      `${name}: its ${runnable.length} example blocks, run as one program, ${how} (after ${(result.ms / 1000).toFixed(1)} s).`,
      `--- stderr (stack lines point at README lines) ---`,
      tail(toReadmeLines(result.stderr, file, program, name)) || '(empty)',
      `--- stdout ---`,
      tail(result.stdout, 2000) || '(empty)',
    ].join('\n');
    expect(result.code === 0 && !result.timedOut, message).toBe(true);
  }, TIMEOUT_MS + 10_000);
});
