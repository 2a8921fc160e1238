import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import cliProgress from 'cli-progress';
import type { CellObserver } from './run.js';
import { classifyValue } from './classify-value.js';
import { NotebookThread, runInWorker } from './node/run-in-worker.js';
import { checkFolderPath } from './node/make-folder.js';
import { sweepMain, workerMain } from './node/sweep/sweep-cli.js';
import { readArgument } from './cli-arguments.js';

/** Where the CLI writes (so tests can capture it). */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bars redraw in place). */
  isTTY: boolean;
  /** The terminal stream progress bars draw on when `isTTY` (default: a stream over `stderr`). */
  terminal?: NodeJS.WriteStream;
}

const USAGE = `Usage:
  gradbook run <notebook.md> [--set name=value …] [--backend auto|wasm|cpu|…] [--out dir] [--json]
                             [--cache-dir dir | --no-cache] [--test] [--timeout seconds] [--quiet] [--verbose]
  gradbook test <dir> [--backend …] [--cache-dir dir | --no-cache] [--timeout seconds] [--verbose]
  gradbook sweep <notebook.md> [--grid name=v1,v2,…] [--seeds 0..9] [--out dir] [--workers N] [--test] [--json]

run   runs a notebook to completion; exits 1 if any cell errored.
      --set       override a cell: name=value, each name once. A value that looks like JSON (starts
                  with { [ " a digit, - or ., or is true, false or null) must parse as JSON; any other
                  word is a string (--set dataset=moons). NaN and Infinity are refused. An input's
                  value is checked as a link's is: a slider's range, a select's options.
      --json      print {"cells": {name: value}, "errors": {name: message}, "asserts": [{cell, claim, holds}]}
      --out       write a static HTML report (index.html) to dir
      --test      apply the notebook's front-matter test overrides
      --timeout   give up on cells still running after this many seconds (they count as errors)
      --verbose   say so on stderr when a cache entry does not verify (edited, damaged, another
                  key's) and is recomputed
test  runs every .md and .qmd notebook under dir with its test overrides; fails on any cell error or failed assert.
      (no cache unless --cache-dir is given; --timeout defaults to 600 s per notebook)
sweep runs a notebook over a grid of settings and seeds in worker processes, or on a Redis queue
      with --queue redis://host:6379 for \`gradbook worker redis://host:6379\` on other machines
      (gradbook sweep --help)
`;

interface Parsed {
  command: string | undefined;
  positional: string[];
  sets: Record<string, unknown>;
  flags: Map<string, string | true>;
}

class UsageError extends Error {}

/** Starts like a JSON value (not a bare word), so it must parse as one. */
const LOOKS_LIKE_JSON = /^\s*(?:[{["\d.+-]|(?:true|false|null)\s*$)/;

/** A `--set` value: JSON when it looks like JSON (and then it must parse), a plain word as a string. */
function parseSetValue(name: string, text: string): unknown {
  if (/^\s*[+-]?(?:NaN|Infinity)\s*$/.test(text)) {
    throw new UsageError(`--set ${name}=${text}: ${text.trim()} is not a value an input can take; give a finite number (or a JSON string '"${text.trim()}"')`);
  }
  if (!LOOKS_LIKE_JSON.test(text)) return text;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--set ${name}=${text}: the value looks like JSON but does not parse (${(error as Error).message}); fix it, or quote a string as JSON: --set '${name}="…"'`);
  }
}

function parseArgs(argv: readonly string[]): Parsed {
  const [command, ...rest] = argv;
  const positional: string[] = [];
  const sets: Record<string, unknown> = {};
  const flags = new Map<string, string | true>();
  const valued = new Set(['--backend', '--out', '--cache-dir', '--set', '--timeout']);
  for (let i = 0; i < rest.length; ) {
    const { arg, value, valued: takesValue, next } = readArgument(rest, i, valued);
    i = next;
    if (takesValue) {
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      if (arg === '--set') {
        const k = value.indexOf('=');
        if (k <= 0) throw new UsageError(`--set expects name=value, received ${JSON.stringify(value)}`);
        const name = value.slice(0, k);
        if (Object.prototype.hasOwnProperty.call(sets, name)) throw new UsageError(`--set ${name} is given twice; give each name once`);
        sets[name] = parseSetValue(name, value.slice(k + 1));
      } else flags.set(arg, value);
    } else if (arg.startsWith('--')) {
      if (!['--json', '--no-cache', '--test', '--quiet', '--verbose', '--help'].includes(arg)) throw new UsageError(`unknown option ${arg}`);
      flags.set(arg, true);
    } else positional.push(arg);
  }
  return { command, positional, sets, flags };
}

/** Progress bars, one per training run, on stderr (internal). */
interface Progress {
  progress(cell: { name: string | null; index: number }, event: { step: number; loss: number; total: number | undefined }): void;
  observer(cell: { name: string | null; index: number }): CellObserver | undefined;
  stop(): void;
}

function progress(io: CliIo, quiet: boolean): Progress {
  if (quiet) return { progress() {}, observer: () => undefined, stop() {} };
  const bars = new cliProgress.MultiBar(
    {
      stream: (io.isTTY && io.terminal) || ({ write: (s: string) => (io.stderr(s), true), isTTY: false } as never),
      format: ' {cell} |{bar}| step {value}{of} loss {loss}',
      noTTYOutput: !(io.isTTY && io.terminal),
      notTTYSchedule: 2000,
      hideCursor: false,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let used = false;
  const bars_: Map<number, CellObserver | undefined> = new Map();
  const self = {
    /** A training event of a cell, from the notebook's worker thread. */
    progress: (cell: { name: string | null; index: number }, event: { step: number; loss: number; total: number | undefined }) => {
      if (!bars_.has(cell.index)) bars_.set(cell.index, self.observer(cell));
      bars_.get(cell.index)?.fulfilled?.({ step: event.step, loss: event.loss, ...(event.total !== undefined ? { total: event.total } : {}) });
    },
    observer: (cell: { name: string | null; index: number }): CellObserver | undefined => {
      let bar: cliProgress.SingleBar | null = null;
      return {
        fulfilled(update) {
          const c = classifyValue(update);
          if (c.kind !== 'train-event') return;
          const value = c.value;
          used = true;
          const total = typeof value.total === 'number' ? value.total : value.step;
          const payload = { cell: cell.name ?? `cell ${cell.index + 1}`, loss: value.loss.toPrecision(4), of: typeof value.total === 'number' ? `/${value.total}` : '' };
          if (!bar) bar = bars.create(total, value.step, payload);
          else {
            bar.setTotal(Math.max(total, value.step));
            bar.update(value.step, payload);
          }
        },
      };
    },
    stop() {
      if (used) bars.stop();
    },
  };
  return self;
}

async function findNotebooks(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await findNotebooks(full)));
    else if (/\.(md|qmd)$/i.test(entry.name) && !/^readme\.(md|qmd)$/i.test(entry.name)) out.push(full);
  }
  return out.sort();
}

function timeoutMs(args: Parsed): number | undefined {
  const t = args.flags.get('--timeout');
  if (t === undefined) return undefined;
  const seconds = Number(t);
  if (!(seconds > 0)) throw new UsageError(`--timeout expects a positive number of seconds, received ${JSON.stringify(t)}`);
  return seconds * 1000;
}

/** Refuses, before anything runs, a --cache-dir or --out that cannot be a folder of files (under /proc, below a file). */
async function checkFolders(args: Parsed, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const dir = args.flags.get(name);
    if (typeof dir !== 'string') continue;
    try {
      await checkFolderPath(name, dir);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
}

/** How a run or test gives its notebooks' worker threads their cache (internal). */
function cacheDirOf(args: Parsed, fallback: string | null): string | null {
  if (args.flags.has('--no-cache')) return null;
  return (args.flags.get('--cache-dir') as string | undefined) ?? fallback;
}

async function commandRun(args: Parsed, io: CliIo): Promise<number> {
  const file = args.positional[0];
  if (!file || args.positional.length > 1) throw new UsageError('run expects one notebook file');
  const json = args.flags.has('--json');
  await checkFolders(args, args.flags.has('--no-cache') ? ['--out'] : ['--cache-dir', '--out']);
  const bars = progress(io, args.flags.has('--quiet'));
  const timeout = timeoutMs(args);
  const out = args.flags.get('--out');
  // The notebook runs in a worker thread, which is terminated when a cell outlasts the timeout.
  const result = await runInWorker(
    {
      file,
      overrides: args.sets,
      backend: args.flags.get('--backend') as string | undefined,
      test: args.flags.has('--test'),
      cacheDir: cacheDirOf(args, '.gradbook-cache'),
      verbose: args.flags.has('--verbose'),
      timeout,
      out: typeof out === 'string' ? out : undefined,
    },
    { onProgress: bars.progress, onLog: io.stderr },
  ).finally(() => bars.stop());
  const { cells, errors, asserts } = result;
  if (typeof out === 'string') {
    if (result.report !== undefined) {
      if (!json) io.stdout(`report written to ${result.report}\n`);
    } else io.stderr(`gradbook: no report written to ${out}: the notebook was stopped at the timeout while a cell was still running\n`);
  }
  if (json) io.stdout(JSON.stringify({ cells, errors, asserts }) + '\n');
  else {
    const names = Object.keys(cells).filter((name) => !(name in errors)).length;
    io.stdout(`${result.title}: ${names} cell${names === 1 ? '' : 's'} ran, ${Object.keys(errors).length} failed\n`);
    for (const c of asserts) io.stdout(`${c.holds ? '✓ holds' : '✗ does not hold'}: ${c.claim}\n`);
  }
  for (const [name, message] of Object.entries(errors)) io.stderr(`error in ${name}: ${message}\n`);
  return Object.keys(errors).length > 0 ? 1 : 0;
}

async function commandTest(args: Parsed, io: CliIo): Promise<number> {
  const dir = args.positional[0];
  if (!dir || args.positional.length > 1) throw new UsageError('test expects one directory');
  if (!(await stat(dir).catch(() => null))?.isDirectory()) throw new UsageError(`${dir} is not a directory`);
  const files = await findNotebooks(dir);
  if (files.length === 0) {
    io.stderr(`no notebooks (.md, .qmd) under ${dir}\n`);
    return 1;
  }
  // Tests compute afresh unless a cache directory is given: cache keys do not cover library code.
  if (!args.flags.has('--no-cache')) await checkFolders(args, ['--cache-dir']);
  const cacheDir = cacheDirOf(args, null);
  // A notebook that never settles must not hang CI: 10 minutes each unless told otherwise.
  const timeout = timeoutMs(args) ?? 600_000;
  let failed = 0;
  const thread = new NotebookThread();
  for (const file of files) {
    const started = performance.now();
    let errors: Record<string, string>;
    try {
      // Each notebook in its own worker thread: one that hangs or crashes does not stop the others.
      const task = { file, overrides: {}, backend: args.flags.get('--backend') as string | undefined, test: true, cacheDir, verbose: args.flags.has('--verbose'), timeout, out: undefined };
      errors = (await thread.run(task, { onLog: io.stderr })).errors;
    } catch (error) {
      errors = { notebook: (error as Error).message };
    }
    const ms = Math.round(performance.now() - started);
    const n = Object.keys(errors).length;
    if (n > 0) failed++;
    io.stdout(`${n > 0 ? 'FAIL' : 'ok  '} ${path.relative(process.cwd(), file) || file} (${ms} ms)\n`);
    for (const [name, message] of Object.entries(errors)) io.stdout(`     ${name}: ${message}\n`);
  }
  thread.close();
  io.stdout(`${files.length - failed} of ${files.length} notebooks passed\n`);
  return failed > 0 ? 1 : 0;
}

/**
 * The `gradbook` command line: `gradbook run <notebook.md> [--set name=value …] [--backend …]
 * [--out dir] [--json]` and `gradbook test <dir>`.
 *
 * @param argv - the arguments after the program name.
 * @param io - where to write (default the process's stdout and stderr).
 * @returns the exit code: 0 when every cell ran, 1 when a cell errored, 2 on a usage error.
 * @example
 * process.exitCode = await main(['run', 'intro.md', '--json']);
 */
export async function main(
  argv: readonly string[],
  io: CliIo = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), isTTY: Boolean(process.stderr.isTTY), terminal: process.stderr },
): Promise<number> {
  if (argv[0] === '--help' || argv[0] === '-h') {
    io.stdout(USAGE);
    return 0;
  }
  try {
    // The sweep reads its own options (--grid, --seeds, …).
    if (argv[0] === 'sweep') return await sweepMain(argv.slice(1), io);
    if (argv[0] === 'worker') return await workerMain(argv.slice(1), io);
    const args = parseArgs(argv);
    if (args.flags.has('--help') || args.command === undefined || args.command === 'help') {
      io.stdout(USAGE);
      return args.command === undefined ? 2 : 0;
    }
    if (args.command === 'run') return await commandRun(args, io);
    if (args.command === 'test') return await commandTest(args, io);
    throw new UsageError(`unknown command ${args.command}`);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`gradbook: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    io.stderr(`gradbook: ${(error as Error).message}\n`);
    return 1;
  }
}

// `node dist/cli.js …` runs the kernel's verbs too (the `gradbook` command is @gradbook/cli's).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), 50).unref();
  });
}
