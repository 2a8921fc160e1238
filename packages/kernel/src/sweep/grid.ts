/**
 * The grid of a sweep: axes parsed from `--grid name=…` arguments, seeds from `--seeds`, and their
 * product as the runs to make. Values are read as `--set` reads them (JSON, else a string).
 */

/** One axis of a grid: a notebook cell to override and the values it takes, in order. */
export interface GridAxis {
  readonly name: string;
  readonly values: readonly unknown[];
}

/** One run of a sweep: a value for every axis, and the seed. */
export interface GridPoint {
  readonly values: Readonly<Record<string, unknown>>;
  readonly seed: number;
}

/** A grid or seed argument that cannot be read; the message names the argument and the problem. */
export class GridError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GridError';
  }
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
// A range `a..b` or `a..b:step`, both ends numbers (checked after the match).
const RANGE = /^(.+?)\.\.(.+?)(?::(.+))?$/;

/** Splits on commas outside quotes and brackets (internal). */
function splitTopLevel(text: string, where: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      current += ch;
      if (ch === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (quote) throw new GridError(`${where}: unterminated ${quote} quote in ${JSON.stringify(text)}`);
  if (depth !== 0) throw new GridError(`${where}: unbalanced brackets in ${JSON.stringify(text)}`);
  parts.push(current);
  return parts;
}

/** One value as `--set` reads it: quoted text is a string, JSON is JSON, anything else a string (internal). */
function parseValue(raw: string, where: string): unknown {
  const text = raw.trim();
  if (text === '') throw new GridError(`${where}: an empty value (two commas in a row, or a trailing comma)`);
  if (text.length >= 2 && text.startsWith("'") && text.endsWith("'")) return text.slice(1, -1);
  if (text.startsWith('"')) {
    try {
      return JSON.parse(text);
    } catch {
      throw new GridError(`${where}: ${text} is not a valid quoted string`);
    }
  }
  if (/^(nan|[-+]?infinity)$/i.test(text)) throw new GridError(`${where}: ${text} is not a finite number`);
  if (NUMBER.test(text)) return Number(text);
  if (/^[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      throw new GridError(`${where}: ${text} looks like JSON but does not parse`);
    }
  }
  if (text === 'true' || text === 'false' || text === 'null') return JSON.parse(text);
  return text;
}

/** The numbers of `a..b` or `a..b:step`, both ends included (internal). */
function expandRange(a: string, b: string, step: string | undefined, where: string): number[] {
  const [lo, hi] = [Number(a), Number(b)];
  if (!NUMBER.test(a.trim()) || !NUMBER.test(b.trim())) throw new GridError(`${where}: the range ${a}..${b} needs a number at each end`);
  const by = step === undefined ? 1 : Number(step);
  if (step !== undefined && !NUMBER.test(step.trim())) throw new GridError(`${where}: the step ${JSON.stringify(step)} of ${a}..${b} is not a number`);
  if (!(by > 0)) throw new GridError(`${where}: the step of ${a}..${b} must be positive, received ${step}`);
  if (hi < lo) throw new GridError(`${where}: the range ${a}..${b} runs backwards; write ${b}..${a}`);
  const count = Math.floor((hi - lo) / by + 1e-9) + 1;
  if (count > 100_000) throw new GridError(`${where}: the range ${a}..${b} has ${count} values, more than 100000`);
  // Multiply rather than accumulate, and round to the step's decimals, so 0..1:0.1 gives 0.3, not 0.30000000000000004.
  const decimals = Math.max(decimalsOf(a), decimalsOf(step ?? '1'));
  return Array.from({ length: count }, (_, i) => Number((lo + i * by).toFixed(decimals)));
}

function decimalsOf(text: string): number {
  const t = text.trim().toLowerCase();
  if (t.includes('e')) return 12;
  const dot = t.indexOf('.');
  return dot < 0 ? 0 : t.length - dot - 1;
}

/** The values of one comma-separated list, with ranges expanded (internal). */
function parseList(text: string, where: string): unknown[] {
  const values: unknown[] = [];
  for (const part of splitTopLevel(text, where)) {
    const t = part.trim();
    const m = /^[^'"[{]/.test(t) ? RANGE.exec(t) : null;
    if (m) values.push(...expandRange(m[1]!, m[2]!, m[3], where));
    else values.push(parseValue(part, where));
  }
  const seen = new Set<string>();
  for (const v of values) {
    const key = JSON.stringify(v);
    if (seen.has(key)) throw new GridError(`${where}: the value ${key} is listed twice; each run of a sweep is counted once`);
    seen.add(key);
  }
  return values;
}

/**
 * Reads one `--grid` argument.
 *
 * @param arg - `name=v1,v2,…`; a value may be a number, `true`/`false`, JSON (`[8,8]`), a quoted
 *   string (`'a,b'` or `"a,b"`), a bare word (a string), or a range `a..b` / `a..b:step` (both ends
 *   included: `0..1:0.25` is 0, 0.25, 0.5, 0.75, 1).
 * @returns the axis.
 * @throws GridError naming the argument and the problem.
 * @example
 * parseGridAxis('lr=0.01,0.03,0.1'); // { name: 'lr', values: [0.01, 0.03, 0.1] }
 */
export function parseGridAxis(arg: string): GridAxis {
  const where = `--grid ${arg}`;
  const eq = arg.indexOf('=');
  if (eq < 0) throw new GridError(`${where}: expected name=value,value,…`);
  const name = arg.slice(0, eq).trim();
  if (!IDENTIFIER.test(name)) throw new GridError(`${where}: ${JSON.stringify(name)} is not a cell name`);
  if (name === 'seed') throw new GridError(`${where}: the seed is set with --seeds, not --grid`);
  const values = parseList(arg.slice(eq + 1), where);
  return { name, values };
}

/**
 * Reads `--seeds`: a range `0..9`, a list `0,3,7`, or one seed; whole numbers only.
 *
 * @example
 * parseSeeds('0..3'); // [0, 1, 2, 3]
 */
export function parseSeeds(arg: string): number[] {
  const where = `--seeds ${arg}`;
  const values = parseList(arg, where);
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new GridError(`${where}: seeds are whole numbers, received ${JSON.stringify(v)}`);
  }
  return values as number[];
}

/**
 * Every run of a sweep: the product of the axes' values, times every seed, in order (the last
 * axis varies fastest, then the seed).
 *
 * @param axes - the grid (no axis twice).
 * @param seeds - the seeds (at least one).
 * @returns the runs.
 * @example
 * gridPoints([{ name: 'lr', values: [0.1, 1] }], [0, 1]).length; // 4
 */
export function gridPoints(axes: readonly GridAxis[], seeds: readonly number[]): GridPoint[] {
  const names = new Set<string>();
  for (const a of axes) {
    if (names.has(a.name)) throw new GridError(`--grid ${a.name} is given twice; list all its values in one --grid`);
    names.add(a.name);
  }
  if (seeds.length === 0) throw new GridError('--seeds names no seed');
  let combos: Record<string, unknown>[] = [{}];
  for (const axis of axes) combos = combos.flatMap((c) => axis.values.map((v) => ({ ...c, [axis.name]: v })));
  return combos.flatMap((values) => seeds.map((seed) => ({ values, seed })));
}
