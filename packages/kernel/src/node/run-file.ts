import { readFile } from 'node:fs/promises';
import type { BackendName } from '@gradbook/core';
import { GradbookError } from '@gradbook/core';
import { compile, formatOf, type NotebookDefinition } from '../compile.js';
import { run, type NotebookRun, type RunOptions } from '../run.js';
import { installHeadlessDom } from './headless-dom.js';
import { nodeLibrary } from './node-library.js';

/** Options of {@link runFile}. */
export interface RunFileOptions extends Omit<RunOptions, 'backend'> {
  /** The backend (default the notebook's). */
  backend?: BackendName | 'keep';
  /** Apply the notebook's `test` overrides (before `overrides`). Default false. */
  test?: boolean;
  /** Stop waiting after this many milliseconds; cells still running are then listed in `unfinished`. Default: no limit. */
  timeout?: number;
  /** Called once the notebook is compiled and running, before it settles (to follow its cells). Default none. */
  onStart?: (definition: NotebookDefinition, notebook: NotebookRun) => void;
}

/**
 * Reads, compiles and runs a notebook file (`.md`, or Quarto's `.qmd`) to completion in Node, with
 * `FileAttachment`, `require` and imports resolved beside it (see {@link nodeLibrary}).
 *
 * @param file - the notebook's path.
 * @param options - as {@link run}, plus `test` to apply the front matter's `test` overrides and
 *   `timeout` in milliseconds (default none).
 * @throws GradbookError when the notebook as a whole cannot run (e.g. an Observable Framework page), with why.
 * @returns the compiled notebook, the run (dispose it when done), and the cells that had not
 *   finished when the timeout came (empty without one).
 * @example
 * const { notebook } = await runFile('notebooks/intro.md', { overrides: { epochs: 1 } });
 * console.log(notebook.result().errors);
 * notebook.dispose();
 */
export async function runFile(file: string, options: RunFileOptions = {}): Promise<{ definition: NotebookDefinition; notebook: NotebookRun; unfinished: string[] }> {
  const definition = compile(await readFile(file, 'utf8'), { format: formatOf(file) });
  if (definition.problem !== null) throw new GradbookError('runFile', `${file}: ${definition.problem}`);
  const overrides = { ...(options.test ? definition.test : {}), ...options.overrides };
  await installHeadlessDom();
  const notebook = await run(definition, { ...options, overrides, library: { ...nodeLibrary(file), ...options.library } });
  options.onStart?.(definition, notebook);
  const done = await notebook.settled({ timeout: options.timeout });
  return { definition, notebook, unfinished: done ? [] : notebook.unfinished };
}
