// Observable Inputs for notebook cells, each remembering its domain (the slider's range, the
// select's choices) so that a value from a link can be checked before it is used.
import * as ObservableInputs from '@observablehq/inputs';

/** What an input accepts, recorded when a cell makes it. */
export type Domain =
  | { kind: 'range' | 'number'; min: number; max: number }
  | { kind: 'select' | 'radio' | 'checkbox'; multiple: boolean; keys: string[]; values: unknown[] }
  | { kind: 'toggle' }
  | { kind: 'text'; maxLength: number };

const domains = new WeakMap<object, Domain>();

/** The domain of an input made by {@link Inputs}, or undefined for anything else. */
export function domainOf(view: unknown): Domain | undefined {
  return view !== null && typeof view === 'object' ? domains.get(view) : undefined;
}

type AnyFn = (...args: any[]) => any;
const O = ObservableInputs as unknown as Record<string, AnyFn>;

function record<T>(view: T, domain: Domain): T {
  if (view !== null && typeof view === 'object') domains.set(view as object, domain);
  return view;
}

function numeric(kind: 'range' | 'number') {
  return (...args: unknown[]): unknown => {
    // Passed on with their number: Inputs.number(options) differs from Inputs.number(extent, options).
    const view = O[kind]!(...args);
    const extent = args[0];
    const e = Array.isArray(extent) ? extent : kind === 'range' ? [0, 1] : [-Infinity, Infinity];
    const lo = Number(e[0] ?? -Infinity);
    const hi = Number(e[1] ?? Infinity);
    return record(view, { kind, min: Math.min(lo, hi), max: Math.max(lo, hi) });
  };
}

const isPrimitive = (v: unknown): boolean => v === null || (typeof v !== 'object' && typeof v !== 'function');

function chooser(kind: 'select' | 'radio' | 'checkbox') {
  return (data: unknown, options: Record<string, unknown> = {}): unknown => {
    const view = O[kind]!(data, options);
    if (options === null || typeof options !== 'object') options = {};
    const isMap = data instanceof Map;
    const items: unknown[] = isMap ? [...(data as Map<unknown, unknown>).entries()] : Array.from((data ?? []) as Iterable<unknown>);
    const valueof = typeof options.valueof === 'function' ? (options.valueof as AnyFn) : isMap ? (d: [unknown, unknown]) => d[1] : (d: unknown) => d;
    const values = items.map((d, i) => valueof(d, i, items));
    // A choice's key in a link: the Map key, the primitive value, else its position.
    let keys = items.map((d, i) => (isMap ? String((d as [unknown, unknown])[0]) : isPrimitive(d) ? String(d) : String(i)));
    if (new Set(keys).size !== keys.length) keys = items.map((_, i) => String(i));
    const multiple = kind === 'checkbox' || (kind === 'select' && options.multiple !== undefined && options.multiple !== false && options.multiple !== 0);
    return record(view, { kind, multiple, keys, values });
  };
}

/** `Inputs` for cells: @observablehq/inputs, with range, number, select, radio, checkbox, toggle and text bound to links. */
export const Inputs: Record<string, unknown> = {
  ...ObservableInputs,
  range: numeric('range'),
  number: numeric('number'),
  select: chooser('select'),
  radio: chooser('radio'),
  checkbox: chooser('checkbox'),
  toggle: (...args: unknown[]) => record(O.toggle!(...args), { kind: 'toggle' }),
  text: (...args: unknown[]) => record(O.text!(...args), { kind: 'text', maxLength: 1000 }),
};
