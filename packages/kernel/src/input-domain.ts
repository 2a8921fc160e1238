// What an input accepts (a slider's range, a select's choices), recorded when a cell makes the
// input, and the one check of a value from outside against it: the app's links and the CLI's
// `--set` (a run's overrides) both go through here. Browser-safe: no Node imports.

/** What an input accepts, recorded when a cell makes it. */
export type InputDomain =
  | { kind: 'range' | 'number'; min: number; max: number }
  | { kind: 'select' | 'radio' | 'checkbox'; multiple: boolean; keys: string[]; values: unknown[] }
  | { kind: 'toggle' }
  | { kind: 'text'; maxLength: number };

/** A value checked against a domain: accepted (as the input takes it), or refused with the reason. */
export type DomainCheck = { ok: true; value: unknown } | { ok: false; reason: string };

/** The longest text an input takes from outside (a link must stay a usable URL). */
export const TEXT_MAX_LENGTH = 1000;

const domains = new WeakMap<object, InputDomain>();

/** Records what `view` accepts, so that values from links and overrides can be checked; returns `view`. */
export function recordDomain<T>(view: T, domain: InputDomain): T {
  if (view !== null && typeof view === 'object') domains.set(view as object, domain);
  return view;
}

/** The domain recorded for an input (by {@link recordDomain}), or undefined for anything else. */
export function domainOf(view: unknown): InputDomain | undefined {
  return view !== null && typeof view === 'object' ? domains.get(view) : undefined;
}

/** The domain of a numeric input from its extent argument (a range defaults to [0, 1]). */
export function numericDomain(kind: 'range' | 'number', extent: unknown): InputDomain {
  const e = Array.isArray(extent) ? extent : kind === 'range' ? [0, 1] : [-Infinity, Infinity];
  const lo = Number(e[0] ?? -Infinity);
  const hi = Number(e[1] ?? Infinity);
  return { kind, min: Math.min(lo, hi), max: Math.max(lo, hi) };
}

const isPrimitive = (v: unknown): boolean => v === null || (typeof v !== 'object' && typeof v !== 'function');

/**
 * The domain of a choice input (@observablehq/inputs' arguments: an array or a Map, `valueof`,
 * `multiple`). A choice's key, as a link or `--set` names it: the Map key, the primitive value,
 * else its position.
 */
export function choiceDomain(kind: 'select' | 'radio' | 'checkbox', data: unknown, options: Record<string, unknown> = {}): InputDomain {
  const isMap = data instanceof Map;
  const items: unknown[] = isMap ? [...(data as Map<unknown, unknown>).entries()] : Array.from((data ?? []) as Iterable<unknown>);
  const valueof = typeof options.valueof === 'function' ? (options.valueof as (d: unknown, i: number, all: unknown[]) => unknown) : isMap ? (d: unknown) => (d as [unknown, unknown])[1] : (d: unknown) => d;
  const values = items.map((d, i) => valueof(d, i, items));
  let keys = items.map((d, i) => (isMap ? String((d as [unknown, unknown])[0]) : isPrimitive(d) ? String(d) : String(i)));
  if (new Set(keys).size !== keys.length) keys = items.map((_, i) => String(i));
  const multiple = kind === 'checkbox' || (kind === 'select' && options.multiple !== undefined && options.multiple !== false && options.multiple !== 0);
  return { kind, multiple, keys, values };
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

const shown = (raw: string): string => JSON.stringify(raw.length > 40 ? raw.slice(0, 40) + '…' : raw);

function shownValue(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return shown(v);
  try {
    const s = JSON.stringify(v) ?? String(v);
    return s.length > 40 ? s.slice(0, 40) + '…' : s;
  } catch {
    return String(v);
  }
}

function oneChoice(domain: Extract<InputDomain, { keys: string[] }>, v: unknown): { ok: true; index: number } | { ok: false; reason: string } {
  let i = domain.values.findIndex((x) => Object.is(x, v));
  // A choice may also be named by its key (`--set dataset=moons` for a select of objects keyed by name).
  if (i < 0 && typeof v === 'string') i = domain.keys.indexOf(v);
  if (i < 0) {
    const list = domain.keys.length <= 8 ? ` (${domain.keys.join(', ')})` : '';
    return { ok: false, reason: `${shownValue(v)} is not one of the choices${list}` };
  }
  return { ok: true, index: i };
}

/**
 * Checks a value (a run's override, `--set`) against an input's domain: a number within a range's
 * extent, one of a select's choices (or its key), a boolean for a toggle, a text of at most
 * {@link TEXT_MAX_LENGTH} characters.
 *
 * @param domain - what the input accepts.
 * @param value - the value to give it.
 * @returns the value as the input takes it, or why it is refused.
 * @example
 * checkInputValue({ kind: 'range', min: 0, max: 1 }, 5); // { ok: false, reason: '5 is outside [0, 1]' }
 */
export function checkInputValue(domain: InputDomain, value: unknown): DomainCheck {
  switch (domain.kind) {
    case 'range':
    case 'number': {
      if (typeof value !== 'number') return { ok: false, reason: `${shownValue(value)} is not a number` };
      if (!Number.isFinite(value)) return { ok: false, reason: `${value} is not a finite number` };
      if (value < domain.min || value > domain.max) return { ok: false, reason: `${value} is outside [${domain.min}, ${domain.max}]` };
      return { ok: true, value };
    }
    case 'select':
    case 'radio':
    case 'checkbox': {
      if (!domain.multiple) {
        const c = oneChoice(domain, value);
        return c.ok ? { ok: true, value: domain.values[c.index] } : c;
      }
      if (!Array.isArray(value)) return { ok: false, reason: `expected a list of choices, received ${shownValue(value)}` };
      const indexes: number[] = [];
      for (const v of value) {
        const c = oneChoice(domain, v);
        if (!c.ok) return c;
        if (!indexes.includes(c.index)) indexes.push(c.index);
      }
      return { ok: true, value: indexes.map((i) => domain.values[i]) };
    }
    case 'toggle':
      return typeof value === 'boolean' ? { ok: true, value } : { ok: false, reason: `${shownValue(value)} is not true or false` };
    case 'text':
      return typeof value === 'string' && value.length <= domain.maxLength
        ? { ok: true, value }
        : { ok: false, reason: `expected one text of at most ${domain.maxLength} characters` };
  }
}

/**
 * Reads an input's value from the strings a link gives for it, and checks it as {@link checkInputValue}.
 *
 * @param domain - what the input accepts.
 * @param raw - the link's values for the name (several for a multiple choice).
 * @returns the value, or why it was rejected.
 */
export function readLinkValue(domain: InputDomain, raw: readonly string[]): DomainCheck {
  const multiple = 'multiple' in domain && domain.multiple;
  if (!multiple && raw.length > 1) return { ok: false, reason: `it is given ${raw.length} times (${raw.map(shown).join(', ')}); give it once` };
  const text = raw[0] ?? '';
  switch (domain.kind) {
    case 'range':
    case 'number':
      if (!NUMBER.test(text)) return { ok: false, reason: `${shown(text)} is not a number` };
      if (!Number.isFinite(Number(text))) return { ok: false, reason: `${shown(text)} is not a finite number` };
      return checkInputValue(domain, Number(text));
    case 'select':
    case 'radio':
    case 'checkbox': {
      // An empty multiple choice is written as one empty string.
      const none = domain.multiple && raw.length === 1 && raw[0] === '' && !domain.keys.includes('');
      const keys = none ? [] : raw;
      for (const key of keys) if (!domain.keys.includes(key)) return { ok: false, reason: `${shown(key)} is not one of the choices` };
      const values = keys.map((k) => domain.values[domain.keys.indexOf(k)]);
      return checkInputValue(domain, domain.multiple ? values : values[0]);
    }
    case 'toggle':
      return text === 'true' || text === 'false' ? { ok: true, value: text === 'true' } : { ok: false, reason: `${shown(text)} is not true or false` };
    case 'text':
      return checkInputValue(domain, text);
  }
}

/**
 * Writes an input's value as link strings, or undefined when the value cannot be written (a choice
 * not among the input's, a number that is not finite).
 */
export function writeLinkValue(domain: InputDomain, value: unknown): string[] | undefined {
  switch (domain.kind) {
    case 'range':
    case 'number':
      // Rounded to 15 significant digits: a slider's 0.30000000000000004 is written 0.3.
      return typeof value === 'number' && Number.isFinite(value) ? [String(Number(value.toPrecision(15)))] : undefined;
    case 'select':
    case 'radio':
    case 'checkbox': {
      const chosen = domain.multiple ? (Array.isArray(value) ? value : []) : [value];
      const keys: string[] = [];
      for (const v of chosen) {
        const i = domain.values.indexOf(v);
        if (i < 0) return undefined;
        keys.push(domain.keys[i]!);
      }
      return domain.multiple && keys.length === 0 ? [''] : keys;
    }
    case 'toggle':
      return typeof value === 'boolean' ? [String(value)] : undefined;
    case 'text':
      return typeof value === 'string' && value.length <= domain.maxLength ? [value] : undefined;
  }
}
