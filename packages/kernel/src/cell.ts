import { parseCell, peekId, type Node } from '@observablehq/parser';
import type { CellOptions } from './cell-options.js';

/** How a cell defines its value: plainly, as the value of an input (`viewof`), or as a `mutable`. */
export type CellKind = 'normal' | 'viewof' | 'mutable';

export type { CellOptions, CellPanel } from './cell-options.js';

/** A span of a notebook file's text, as character offsets: `text.slice(start, end)`. */
export interface SourceRange {
  /** The offset of the first character. */
  readonly start: number;
  /** The offset just past the last character. */
  readonly end: number;
}

/**
 * One compiled cell of a notebook: its source, the name it defines and the names it reads, and a
 * function of those inputs that computes its value (or the syntax error that stopped it).
 */
export interface CellDefinition {
  /** Position among the notebook's cells, from 0. */
  readonly index: number;
  /** The cell's Observable JavaScript. */
  readonly source: string;
  /** The name of the value it defines (`lr` for `viewof lr = …`), or null for an anonymous cell. */
  readonly name: string | null;
  /** `viewof` cells define `viewof name` (the input) and `name` (its value); `mutable` ones likewise. */
  readonly kind: CellKind;
  /**
   * The names it reads, as runtime variables (`viewof lr`, `mutable count`, `x`), in parameter
   * order of {@link CellDefinition.body}. `signal` and `invalidation` are supplied per cell.
   */
  readonly inputs: readonly string[];
  /** Whether the body uses `await` (an async function). */
  readonly async: boolean;
  /** Whether the body uses `yield` (a generator function). */
  readonly generator: boolean;
  /** The compiled body, a function of {@link CellDefinition.inputs}; null when the cell has a syntax error. */
  readonly body: ((...inputs: unknown[]) => unknown) | null;
  /** The syntax error that stopped compilation (`Unexpected token (1:4)`), or null. */
  readonly error: string | null;
  /** The line of the Markdown file where the cell's code starts (from 1; 1 for a lone cell). */
  readonly line: number;
  /** Options from the fence's info string and the cell's `//|` option lines. */
  readonly options: CellOptions;
  /**
   * Where {@link CellDefinition.source} sits in the notebook file's text, so an editor can splice
   * an edited cell back: `text.slice(range.start, range.end)` is the source (line ends as in the
   * file). Option lines lie before it. Undefined for a cell compiled on its own.
   */
  readonly range?: SourceRange;
  /** For an import cell (`import {a, viewof b as c} from "./other.md"`): where from, and the names. */
  readonly imports?: CellImports;
  /**
   * The range of the whole fenced block the cell came from, from the opening backticks to the end
   * of the closing ones; the cells of one block share it. Undefined for a cell compiled on its own.
   */
  readonly fence?: SourceRange;
}

/** What an import cell imports: `import {a, viewof b as c} from "d3"`. */
export interface CellImports {
  /** The module: a package name (`d3`, `npm:d3@7`) or a local notebook (`./other.md`). */
  readonly from: string;
  /** The names, each as imported and as defined here, with `viewof` / `mutable` marks. */
  readonly names: readonly { readonly imported: string; readonly local: string; readonly view: boolean; readonly mutable: boolean }[];
}

/** Where a module an importer returns keeps the errors of names that failed (a notebook's failed cells). */
export const IMPORT_ERRORS: unique symbol = Symbol.for('gradbook.kernel.importErrors');

/**
 * How a host imports a module for import cells: the module's names as an object (a notebook's
 * failed cells under {@link IMPORT_ERRORS}); `invalidation` resolves when the import cell is
 * invalidated, so what the import made can be freed.
 */
export type Importer = (from: string, invalidation: Promise<void>) => Promise<unknown>;

/** The name of the builtin that imports a module for import cells (given by the host; see library.ts). */
export const IMPORT_BUILTIN = '__gradbookImport';

/** An import cell: it reads the importer builtin; its names become variables of their own (internal). */
function importCell(body: Node, source: string, index: number, line: number, options: CellOptions): CellDefinition {
  const base = { index, source, name: null, kind: 'normal' as const, async: true, generator: false, line, options };
  const from = String((body.source as { value: unknown }).value);
  if (Array.isArray(body.injections) && body.injections.length > 0) {
    return { ...base, inputs: [], body: null, error: `import … with {…} from ${JSON.stringify(from)} is not supported: Gradbook imports a notebook's values, without injecting names into it` };
  }
  type Spec = { imported: { name: string }; local: { name: string }; view: boolean; mutable: boolean };
  const names = (body.specifiers as Spec[]).map((s) => ({ imported: s.imported.name, local: s.local.name, view: s.view, mutable: s.mutable }));
  const load = (importModule: Importer, invalidation: Promise<void>): Promise<unknown> => importModule(from, invalidation);
  return { ...base, inputs: [IMPORT_BUILTIN, 'invalidation'], body: load as (...inputs: unknown[]) => unknown, error: null, imports: { from, names } };
}

const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor as FunctionConstructor;
const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor as FunctionConstructor;
const AsyncGeneratorFunction = Object.getPrototypeOf(async function* () {}).constructor as FunctionConstructor;

/** Every node of type `ViewExpression` or `MutableExpression` under `node` (internal). */
function specialReferences(node: unknown, out: Node[] = []): Node[] {
  if (Array.isArray(node)) {
    for (const child of node) specialReferences(child, out);
  } else if (node && typeof node === 'object' && typeof (node as Node).type === 'string') {
    const n = node as Node;
    if (n.type === 'ViewExpression' || n.type === 'MutableExpression') {
      out.push(n);
      return out;
    }
    for (const key of Object.keys(n)) {
      if (key === 'type' || key === 'start' || key === 'end' || key === 'loc') continue;
      const child = n[key];
      if (child && typeof child === 'object') specialReferences(child, out);
    }
  }
  return out;
}

function nodeName(node: Node & { name?: string; id?: { name: string } }): string {
  return node.name ?? node.id!.name;
}

/** A parser error's message with its position in the file: `Unexpected token (line 14, column 5)` (internal). */
function locate(error: Error & { loc?: { line: number; column: number } }, line: number): string {
  const message = error.message.replace(/\s*\(\d+:\d+\)$/, '');
  return error.loc ? `${message} (line ${line + error.loc.line - 1}, column ${error.loc.column + 1})` : message;
}

/**
 * Compiles one cell of Observable JavaScript the way Observable does: the parser finds what the
 * cell defines and reads, and its body becomes a function (async and/or generator as the body
 * needs) whose parameters are the names it reads. `viewof x` and `mutable x` references become
 * parameters too (`mutable x` reads and assigns `.value`).
 *
 * @param source - the cell's code, e.g. `lr = 0.01` or `viewof lr = Inputs.range([0, 1])`.
 * @param index - its position among the notebook's cells (default 0).
 * @param line - the line it starts on in its file (default 1).
 * @param options - options from the fence (default none).
 * @returns the compiled cell; a syntax error is returned in `error`, never thrown.
 * @example
 * const cell = compileCell('y = x * 2');
 * cell.name; // 'y'
 * cell.inputs; // ['x']
 * cell.body!(21); // 42
 */
export function compileCell(source: string, index = 0, line = 1, options: CellOptions = {}): CellDefinition {
  let parsed;
  try {
    parsed = parseCell(source);
  } catch (error) {
    let name: string | null = null;
    let kind: CellKind = 'normal';
    try {
      name = peekId(source) ?? null;
      const m = /^\s*(viewof|mutable)\s/.exec(source);
      if (name && m) kind = m[1] as CellKind;
    } catch {
      name = null;
    }
    return { index, source, name, kind, inputs: [], async: false, generator: false, body: null, error: locate(error as Error, line), line, options };
  }
  const id = parsed.id;
  const kind: CellKind = id?.type === 'ViewExpression' ? 'viewof' : id?.type === 'MutableExpression' ? 'mutable' : 'normal';
  const name = id ? (id.type === 'Identifier' ? (id.name as string) : id.id!.name) : null;
  const body = parsed.body;
  if (body?.type === 'ImportDeclaration') return importCell(body, source, index, line, options);
  if (!body) {
    return { index, source, name, kind, inputs: [], async: false, generator: false, body: () => undefined, error: null, line, options };
  }

  // Parameters: plain references by name; `viewof x` / `mutable x` as `$0`, `$1`, … .
  const inputs: string[] = [];
  const params: string[] = [];
  const special = new Map<string, string>();
  for (const ref of parsed.references) {
    if (ref.type === 'Identifier') {
      if (!inputs.includes(nodeName(ref))) {
        inputs.push(nodeName(ref));
        params.push(nodeName(ref));
      }
    } else {
      const input = `${ref.type === 'ViewExpression' ? 'viewof' : 'mutable'} ${nodeName(ref)}`;
      if (!special.has(input)) {
        special.set(input, `$${special.size}`);
        inputs.push(input);
        params.push(special.get(input)!);
      }
    }
  }

  let text = source.slice(body.start, body.end);
  const rewrites = specialReferences(body).sort((a, b) => b.start - a.start);
  for (const node of rewrites) {
    const input = `${node.type === 'ViewExpression' ? 'viewof' : 'mutable'} ${nodeName(node as Node & { id: { name: string } })}`;
    const param = special.get(input)!;
    const replacement = node.type === 'MutableExpression' ? `${param}.value` : param;
    text = text.slice(0, node.start - body.start) + replacement + text.slice(node.end - body.start);
  }
  const code =
    body.type === 'BlockStatement' ? text.slice(1, -1) : `return (\n${text}\n);`;
  const Constructor = parsed.async
    ? parsed.generator
      ? AsyncGeneratorFunction
      : AsyncFunction
    : parsed.generator
      ? GeneratorFunction
      : Function;
  let fn: (...inputs: unknown[]) => unknown;
  try {
    fn = new Constructor(...params, `${code}\n//# sourceURL=cell-${index + 1}.js`) as (...inputs: unknown[]) => unknown;
  } catch (error) {
    return { index, source, name, kind, inputs, async: parsed.async, generator: parsed.generator, body: null, error: (error as Error).message, line, options };
  }
  return { index, source, name, kind, inputs, async: parsed.async, generator: parsed.generator, body: fn, error: null, line, options };
}
