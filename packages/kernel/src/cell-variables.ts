// The cell-to-runtime-variables mapping: which variables of @observablehq/runtime one notebook cell
// becomes (a normal cell one, `viewof x` two, `mutable x` three), with their inputs and definitions.
import type { CellDefinition } from './cell.js';
import { IMPORT_ERRORS } from './cell.js';
import { runtimeInputs, type ComputationSpec } from './computation.js';
import { Generators, Mutable, type InputLike } from './generators.js';
import type { TensorOwnership } from './ownership.js';
import { checkInputValue, domainOf } from './input-domain.js';

/**
 * How a variable is observed (internal): `value` by the cell's value observer, `view` by the input
 * observer of a `viewof` cell, `silent` computed with nothing reported, `hidden` computed only
 * when another variable reads it.
 */
export type VariableRole = 'value' | 'view' | 'silent' | 'hidden';

/** A plain runtime definition, called with the variable's inputs (internal). */
export type PlainDefinition = (...args: never[]) => unknown;

/** One runtime variable of a cell (internal). */
export interface VariableSpec {
  /** The variable's name (`x`, `viewof x`, `mutable x`, `initial x`), or null for an anonymous cell. */
  readonly name: string | null;
  /** The runtime inputs, in the order the definition takes them. */
  readonly inputs: readonly string[];
  /** A computation, which the run binds to the cell's state (see computation.ts), or a plain definition. */
  readonly definition: ComputationSpec | PlainDefinition;
  /** How it is observed. */
  readonly role: VariableRole;
}

/** A value that replaces a cell's definition (`run`'s overrides), when there is one (internal). */
export type Override = { readonly value: unknown } | undefined;

const isThenable = (v: unknown): v is PromiseLike<unknown> => v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as PromiseLike<unknown>).then === 'function';

/**
 * An override of an input, checked against what the input accepts as a link's value is (a
 * slider's range, a select's choices); inputs with no recorded domain take any value (internal).
 */
function checkedOverride(name: string, view: unknown, value: unknown): unknown {
  const domain = domainOf(view);
  if (!domain) return value;
  const checked = checkInputValue(domain, value);
  if (!checked.ok) throw new Error(`the value ${describe(value)} given for ${name} is refused: ${checked.reason}`);
  return checked.value;
}

/** A value as text in a cache key: its JSON, else `String(value)` (internal). */
function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * A variable whose value is a constant: an override, or a value given with `set` (internal).
 *
 * @param name - the variable.
 * @param label - why it is constant (`override`, `set`), part of the content key.
 * @param value - the value.
 * @param role - how it is observed.
 * @param owns - whether it holds the value's tensors (default true; false for `initial x`, whose
 *   tensors the mutable's value holds).
 */
export function constantVariable(name: string, label: string, value: unknown, role: VariableRole, owns = true): VariableSpec {
  return { name, inputs: runtimeInputs([]), definition: { variable: name, keySource: `${label} ${describe(value)}`, params: [], body: () => value, cache: false, owns }, role };
}

/** Whether a cell's values go to the cache: its `cache` option, else whether it calls `train(` (internal). */
export function cacheable(cell: CellDefinition): boolean {
  return cell.options.cache ?? /\btrain\s*\(/.test(cell.source);
}

/** The view of a `viewof` cell, checked to be an input (internal). */
function asInput(viewName: string, view: unknown): InputLike {
  if (view !== null && typeof view === 'object' && typeof (view as InputLike).addEventListener === 'function' && 'value' in view) return view as InputLike;
  const got = view === null ? 'null' : typeof view === 'object' ? (view.constructor?.name ?? 'an object') : typeof view;
  throw new Error(`${viewName} must be an input with a value and input events (an Inputs.* input or a form element), got ${got}`);
}

/** The variables of a cell that did not compile: each throws its syntax error (internal). */
function failingVariables(cell: CellDefinition): VariableSpec[] {
  const message = cell.error!;
  const fail = (): never => {
    throw new SyntaxError(message);
  };
  if (cell.kind === 'normal' || !cell.name) return [{ name: cell.name, inputs: [], definition: fail, role: 'value' }];
  const inner = `${cell.kind} ${cell.name}`;
  return [
    { name: inner, inputs: [], definition: fail, role: cell.kind === 'viewof' ? 'view' : 'hidden' },
    { name: cell.name, inputs: [inner], definition: (v: unknown) => v, role: 'value' },
  ];
}

/** A module's value for an imported name, or an error naming the name and the module (internal). */
function member(module: unknown, name: string, from: string): unknown {
  const m = module as Record<string, unknown> & { [IMPORT_ERRORS]?: Record<string, string> };
  const error = m?.[IMPORT_ERRORS]?.[name];
  if (error !== undefined) throw new Error(`${name} from ${from}: ${error}`);
  if (m === null || (typeof m !== 'object' && typeof m !== 'function') || !(name in m)) throw new Error(`${name} is not defined in ${from}`);
  return m[name];
}

/**
 * The variables of an import cell: the module (loaded by the host's importer), one variable per
 * imported name (two for `viewof x`: the input and its value), and the cell's own value, the
 * list of names it defines (internal).
 */
function importVariables(cell: CellDefinition): VariableSpec[] {
  const { from, names } = cell.imports!;
  const module = `import ${cell.index + 1}`;
  const specs: VariableSpec[] = [
    { name: module, inputs: runtimeInputs(cell.inputs), definition: { variable: module, keySource: cell.source, params: cell.inputs, body: cell.body!, cache: false, owns: false }, role: 'hidden' },
  ];
  for (const { imported, local, view } of names) {
    if (!view) {
      specs.push({ name: local, inputs: [module], definition: (m: unknown) => member(m, imported, from), role: 'hidden' });
      continue;
    }
    const viewName = `viewof ${local}`;
    specs.push({ name: viewName, inputs: [module], definition: (m: unknown) => member(m, `viewof ${imported}`, from), role: 'hidden' });
    specs.push({ name: local, inputs: runtimeInputs([viewName]), definition: { variable: local, keySource: `input of ${viewName}`, params: [viewName], body: (v: unknown) => Generators.input(asInput(viewName, v)), cache: false }, role: 'hidden' });
  }
  const bound = names.map((n) => (n.view ? `viewof ${n.local}` : n.local));
  specs.push({ name: null, inputs: [module], definition: () => bound, role: 'value' });
  return specs;
}

/**
 * The runtime variables of one cell, in the order they are defined (internal).
 *
 * @param cell - the compiled cell.
 * @param override - a value that replaces its definition, if any.
 * @param ownership - the run's tensor ownership (a mutable frees values replaced before any cell read them).
 * @returns the variables.
 */
export function cellVariables(cell: CellDefinition, override: Override, ownership: TensorOwnership): VariableSpec[] {
  if (cell.error !== null) return failingVariables(cell);
  if (cell.imports) return importVariables(cell);
  const body = cell.body!;
  const inputs = cell.inputs;
  const name = cell.name;
  switch (cell.kind) {
    case 'normal': {
      if (override) return [constantVariable(name!, 'override', override.value, 'value')];
      return [{ name, inputs: runtimeInputs(inputs), definition: { variable: name ?? `cell ${cell.index + 1}`, keySource: cell.source, params: inputs, body, cache: cacheable(cell) }, role: 'value' }];
    }
    case 'viewof': {
      const viewName = `viewof ${name}`;
      const viewBody = override
        ? function (this: unknown, ...args: unknown[]): unknown {
            const view = body.apply(this, args);
            const set = (v: unknown): unknown => {
              if (v !== null && typeof v === 'object' && 'value' in v) (v as { value: unknown }).value = checkedOverride(name!, v, override.value);
              return v;
            };
            return isThenable(view) ? view.then(set) : set(view);
          }
        : body;
      return [
        { name: viewName, inputs: runtimeInputs(inputs), definition: { variable: viewName, keySource: cell.source, params: inputs, body: viewBody, cache: false }, role: 'view' },
        { name, inputs: runtimeInputs([viewName]), definition: { variable: name!, keySource: `input of ${viewName}`, params: [viewName], body: (view: unknown) => Generators.input(asInput(viewName, view)), cache: false }, role: 'value' },
      ];
    }
    case 'mutable': {
      const initial = `initial ${name}`;
      const mutable = `mutable ${name}`;
      // The initial value's tensors belong to the mutable's value (the `name` variable), which
      // frees them when a cell assigns a new value.
      const first: VariableSpec = override
        ? constantVariable(initial, 'override', override.value, 'silent', false)
        : { name: initial, inputs: runtimeInputs(inputs), definition: { variable: initial, keySource: cell.source, params: inputs, body, cache: false, owns: false }, role: 'silent' };
      // A value assigned and replaced before any cell read it is freed (unless a live cell holds it).
      const drop = (dropped: unknown): void => void ownership.release(ownership.hold(dropped));
      return [
        first,
        { name: mutable, inputs: [initial], definition: (v: unknown) => new Mutable(v, drop), role: 'hidden' },
        { name, inputs: runtimeInputs([mutable]), definition: { variable: name!, keySource: `value of ${mutable}`, params: [mutable], body: (m: unknown) => (m as Mutable).generator, cache: false }, role: 'value' },
      ];
    }
  }
}
