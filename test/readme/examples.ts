/**
 * Turns a README's fenced ```js/```ts blocks into one program and runs it; used by
 * examples.test.ts (see there for the conventions).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsxBin = path.join(repo, 'node_modules/.bin/tsx');

/** Fence languages that are run; other fences (sh, markdown, json, …) are prose. */
export const RUNNABLE = new Set(['js', 'javascript', 'mjs', 'ts', 'typescript', 'mts']);

export interface Block {
  lang: string;
  /** 1-based line of the README where the code starts (the line after the opening fence). */
  line: number;
  code: string;
  /** Why the block is not run (`<!-- example: skip (why) -->`). */
  skip?: string;
  /** The block says it leaves `tf.memory().numTensors` where it found it (`<!-- example: check tensors -->`). */
  checkTensors?: boolean;
}

/** Fenced code blocks of a Markdown document (CommonMark fences: a longer fence may hold shorter ones). */
export function fencedBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence] = open;
    const lang = open[3]!.toLowerCase();
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(lines[j]!);
      if (close && close[1]![0] === fence![0] && close[1]!.length >= fence!.length) break;
      body.push(indent ? lines[j]!.replace(new RegExp(`^ {0,${indent.length}}`), '') : lines[j]!);
    }
    let k = i - 1;
    while (k >= 0 && lines[k]!.trim() === '') k--;
    const marker = k >= 0 ? /^\s*<!--\s*example:\s*([\s\S]*?)\s*-->\s*$/.exec(lines[k]!) : null;
    const block: Block = { lang, line: i + 2, code: body.join('\n') };
    if (marker) {
      const skip = /^skip\s*\((.+)\)$/.exec(marker[1]!);
      if (skip) block.skip = skip[1]!.trim();
      else if (/^check tensors(\s*\(.*\))?$/.test(marker[1]!)) block.checkTensors = true;
      else throw new Error(`line ${k + 1}: unknown example directive "${marker[1]}"; use "skip (why it is not runnable)" or "check tensors"`);
    }
    blocks.push(block);
    i = j;
  }
  return blocks;
}

export interface Program {
  source: string;
  /** lineMap[generated line - 1] = README line (0 where the line is the harness's own). */
  lineMap: number[];
}

/** One program from a README's runnable blocks: merged imports on top, then each block in a nested scope. */
export function buildProgram(blocks: Block[], readmeName: string): Program {
  const bindings = new Map<string, { from: string; what: string; line: number }>();
  const importLines: string[] = [];
  const sideEffects = new Set<string>();
  const bodies: { line: number; lines: string[] }[] = [];
  for (const block of blocks) {
    const file = ts.createSourceFile('block.ts', block.code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const lines = block.code.split('\n');
    for (const stmt of file.statements) {
      if (!ts.isImportDeclaration(stmt)) continue;
      const from = (stmt.moduleSpecifier as ts.StringLiteral).text;
      const at = block.line + file.getLineAndCharacterOfPosition(stmt.getStart()).line;
      const bind = (local: string, what: string, text: string) => {
        const seen = bindings.get(local);
        if (seen && (seen.from !== from || seen.what !== what)) {
          throw new Error(`${readmeName}:${at}: "${local}" is imported as ${what} from '${from}', but line ${seen.line} imports it as ${seen.what} from '${seen.from}'`);
        }
        if (!seen) {
          bindings.set(local, { from, what, line: at });
          importLines.push(text);
        }
      };
      const clause = stmt.importClause;
      if (!clause) sideEffects.add(from);
      else {
        const type = clause.isTypeOnly ? 'type ' : '';
        if (clause.name) bind(clause.name.text, `${type}default`, `import ${type}${clause.name.text} from '${from}';`);
        const named = clause.namedBindings;
        if (named && ts.isNamespaceImport(named)) bind(named.name.text, `${type}* (namespace)`, `import ${type}* as ${named.name.text} from '${from}';`);
        if (named && ts.isNamedImports(named)) {
          for (const el of named.elements) {
            const t = type || (el.isTypeOnly ? 'type ' : '');
            const imported = (el.propertyName ?? el.name).text;
            bind(el.name.text, `${t}{ ${imported} }`, `import ${t}{ ${imported} as ${el.name.text} } from '${from}';`);
          }
        }
      }
      // Blank the import's lines in the block, keeping its line numbers.
      const first = file.getLineAndCharacterOfPosition(stmt.getStart()).line;
      const last = file.getLineAndCharacterOfPosition(stmt.getEnd()).line;
      for (let l = first; l <= last; l++) lines[l] = '';
    }
    bodies.push({ line: block.line, lines });
  }
  const out: string[] = [];
  const lineMap: number[] = [];
  const push = (text: string, readmeLine = 0) => {
    out.push(text);
    lineMap.push(readmeLine);
  };
  push(`// Generated from ${readmeName} by test/readme/examples.test.ts; deleted after the run.`);
  for (const from of sideEffects) push(`import '${from}';`);
  for (const text of importLines) push(text);
  const checked = blocks.some((b) => b.checkTensors);
  if (checked) push(`import { tf as __readmeTf } from '@gradbook/core';`);
  bodies.forEach((body, b) => {
    const check = blocks[b]!.checkTensors;
    push(`{ ${check ? 'const __tensorsBefore = __readmeTf.memory().numTensors; ' : ''}// ${readmeName}:${body.line}`);
    body.lines.forEach((l, i) => push(l, body.line + i));
    if (check) {
      push(
        `{ const left = __readmeTf.memory().numTensors - __tensorsBefore; if (left !== 0) throw new Error(\`${readmeName}:${body.line}: ` +
          `the block says tf.memory() is back where it started, but it made \${left} more tensors than it freed\`); }`,
      );
    }
  });
  for (const body of bodies) push(`} // ${readmeName}:${body.line}`);
  return { source: out.join('\n') + '\n', lineMap };
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  ms: number;
}

/** This process's environment without what vitest adds, as when someone runs the example by hand. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' };
  for (const key of Object.keys(env)) if (key === 'NODE_ENV' || key.startsWith('VITEST') || key === 'TEST') delete env[key];
  return env;
}

/** Runs a program file with tsx in its own process group; kills the group after `timeoutMs`. */
export function runProgram(file: string, cwd: string, timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(tsxBin, ['--conditions=@gradbook/source', file], {
      cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: childEnv(),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Points `file:line:col` in a stack trace at the README line it came from. */
export function toReadmeLines(text: string, file: string, program: Program, readmeName: string): string {
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(?:file://)?${escaped}:(\\d+)(?::(\\d+))?`, 'g'), (whole, line: string, col?: string) => {
    const readmeLine = program.lineMap[Number(line) - 1];
    return readmeLine ? `${readmeName}:${readmeLine}${col ? `:${col}` : ''}` : whole;
  });
}
