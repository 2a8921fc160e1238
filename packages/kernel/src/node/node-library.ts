import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { IMPORT_BUILTIN, IMPORT_ERRORS, type Importer } from '../cell.js';
import { compile, formatOf } from '../compile.js';
import { bundledImporter, packageName } from '../importer.js';
import { run } from '../run.js';
import { localFileAttachment } from './file-attachment.js';
import { importPackage } from './resolve-package.js';

const NOTEBOOK = /\.(md|qmd)$/i;

/**
 * Observable's `require` for a notebook in Node: `require("d3")`, `require("lodash@4")`,
 * `require("d3-array", "d3-scale")` (merged) resolve to locally installed packages, the notebook
 * folder's node_modules first, then Gradbook's. Nothing is fetched.
 *
 * @param dir - the notebook's folder.
 * @returns the `require` function for cells (it returns a promise, as Observable's does).
 */
export function localRequire(dir: string): (...specifiers: string[]) => Promise<unknown> {
  return async (...specifiers: string[]) => {
    if (specifiers.length === 0) throw new Error('require: expected a package name, as require("d3")');
    const modules = await Promise.all(specifiers.map((s) => importPackage(s, dir).catch((e: Error) => Promise.reject(new Error(`require(${JSON.stringify(s)}): ${e.message}`)))));
    return modules.length === 1 ? modules[0] : Object.assign({}, ...(modules as object[]));
  };
}

/**
 * Imports the cells of another local notebook: it is compiled and run (on the same backend, no
 * cache) until it settles; its cells' values (and `viewof` inputs) become the module, its failed
 * cells' errors stay attached to their names. The imported run is disposed when the import cell
 * is invalidated.
 */
async function importNotebook(file: string, stack: readonly string[], invalidation: Promise<void>): Promise<unknown> {
  if (stack.includes(file)) throw new Error(`circular import: ${[...stack, file].map((f) => path.basename(f)).join(' → ')}`);
  const text = await readFile(file, 'utf8').catch(() => {
    throw new Error(`notebook ${path.basename(file)} not found in ${path.dirname(file)}`);
  });
  const definition = compile(text, { format: formatOf(file) });
  if (definition.problem !== null) throw new Error(`${path.basename(file)}: ${definition.problem}`);
  const notebook = await run(definition, { backend: 'keep', cache: null, library: nodeLibrary(file, [...stack, file]) });
  void invalidation.then(() => notebook.dispose());
  await notebook.settled();
  const { cells, errors } = notebook.result();
  const module: Record<string | symbol, unknown> = { ...cells };
  for (const state of notebook.cells) if (state.cell.kind === 'viewof' && state.cell.name) module[`viewof ${state.cell.name}`] = state.view;
  module[IMPORT_ERRORS] = errors;
  return module;
}

/**
 * The builtins a notebook file gets in Node: `FileAttachment` (files beside it), `require` and
 * the importer of import cells (installed packages, local ES modules `./helpers.js`, and other
 * local notebooks: `import {x} from "./other.md"`). Remote URLs are errors: nothing is fetched.
 *
 * @param file - the notebook's path.
 * @param stack - the notebooks importing this one (to refuse circular imports; default none).
 * @returns builtins to pass as `run`'s `library`.
 * @example
 * const notebook = await run(compile(text), { library: nodeLibrary('course/intro.md') });
 */
export function nodeLibrary(file: string, stack: readonly string[] = []): Record<string, unknown> {
  const dir = path.dirname(path.resolve(file));
  const importer: Importer = async (from, invalidation) => {
    if (NOTEBOOK.test(from) && /^\.{0,2}\//.test(from)) return importNotebook(path.resolve(dir, from), stack.length ? stack : [path.resolve(file)], invalidation);
    if (/^\.{0,2}\/.*\.m?js$/.test(from)) return import(pathToFileURL(path.resolve(dir, from)).href);
    try {
      return await importPackage(packageName(from), dir);
    } catch (error) {
      // Not installed: the packages (and Observable notebooks) the kernel carries, else the error.
      const notInstalled = /is not installed/.test((error as Error).message);
      if (notInstalled) return bundledImporter(from, invalidation).catch(() => Promise.reject(new Error(`import from ${JSON.stringify(from)}: ${(error as Error).message}${/^@[\w-]+\/[\w-]+$/.test(from) ? '; if it is a notebook on observablehq.com, Gradbook fetches nothing: copy its cells into a local notebook and import from "./that.md"' : ''}`)));
      throw new Error(`import from ${JSON.stringify(from)}: ${(error as Error).message}`);
    }
  };
  return { FileAttachment: localFileAttachment(dir), require: localRequire(dir), [IMPORT_BUILTIN]: importer };
}
