// One classifier decides what a cell's value is, for every place that shows one: the app, the
// static report and the CLI. Browser-safe: no Node modules.
import { tf, type Tensor } from '@gradbook/core';
import { Markup } from './markup.js';

/** An arquero table, or anything with its three reading methods. */
export interface TableLike {
  numRows(): number;
  columnNames(): string[];
  objects(options?: { limit?: number }): Record<string, unknown>[];
}

/** A training event as `@gradbook/core`'s `train` yields it. */
export interface TrainEventLike {
  readonly step: number;
  readonly loss: number;
  readonly total?: number;
  readonly epoch?: number;
  readonly metrics?: Record<string, number>;
}

/** What {@link classifyValue} found: the kind, and the value typed for it. */
export type ValueClass =
  | { readonly kind: 'undefined'; readonly value: undefined }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'scalar'; readonly value: number | boolean | bigint | symbol | null }
  | { readonly kind: 'function'; readonly value: (...args: never[]) => unknown }
  | { readonly kind: 'element'; readonly value: Node }
  | { readonly kind: 'markup'; readonly value: Markup }
  | { readonly kind: 'vega-lite'; readonly value: Record<string, unknown> }
  | { readonly kind: 'tensor'; readonly value: Tensor }
  | { readonly kind: 'table'; readonly value: TableLike }
  | { readonly kind: 'train-event'; readonly value: TrainEventLike }
  | { readonly kind: 'records'; readonly value: Record<string, unknown>[] }
  | { readonly kind: 'error'; readonly value: Error }
  | { readonly kind: 'object'; readonly value: object };

/** Every kind {@link classifyValue} returns. */
export type ValueKind = ValueClass['kind'];

const VEGA_LITE_KEYS = ['mark', 'layer', 'hconcat', 'vconcat', 'concat', 'facet', 'repeat'];

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

/**
 * Whether a value is a Vega-Lite spec: a plain object whose `$schema` names vega-lite, or that has
 * a `mark`, `layer`, concat, `facet` or `repeat` and `data` or `datasets`.
 *
 * @param value - a cell value.
 * @returns true for a spec that is drawn as a plot.
 * @example
 * isVegaLiteSpec({ mark: 'line', data: { values: [] } }); // true
 */
export function isVegaLiteSpec(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  if (typeof value.$schema === 'string') return value.$schema.includes('vega-lite');
  return VEGA_LITE_KEYS.some((k) => k in value) && ('data' in value || 'datasets' in value);
}

/** Whether a value has a table's `numRows`, `columnNames` and `objects` methods (arquero's). */
function isTable(value: object): value is TableLike {
  const v = value as Record<string, unknown>;
  return typeof v.numRows === 'function' && typeof v.columnNames === 'function' && typeof v.objects === 'function';
}

/** Whether an object is a training event: numeric `step` and `loss`. */
function isTrainEvent(value: object): value is TrainEventLike {
  const v = value as Record<string, unknown>;
  return typeof v.step === 'number' && typeof v.loss === 'number';
}

/** Whether an array is rows of a table: non-empty, every item a plain object of non-object fields. */
function isRecords(value: unknown[]): value is Record<string, unknown>[] {
  return value.length > 0 && value.every((r) => isPlainObject(r) && Object.values(r).every((x) => x === null || typeof x !== 'object'));
}

/**
 * What a cell's value is, so that it is shown as what it is: DOM nodes (`element`), `md`/`html`
 * markup made outside a browser (`markup`), Vega-Lite specs (`vega-lite`, see
 * {@link isVegaLiteSpec}; a vega-lite-api chart as its spec), tensors, tables (arquero), training
 * events (`{ step, loss, … }`), arrays of flat plain objects (`records`), errors, strings, other
 * primitives (`scalar`), functions, and any other object. Checked in that order, so a training event that is also a spec is a spec.
 *
 * @param value - any cell value.
 * @returns its kind, with the value typed for that kind.
 * @example
 * classifyValue({ step: 3, loss: 0.5 }).kind; // 'train-event'
 * classifyValue(tf.zeros([2, 2])).kind; // 'tensor'
 * classifyValue('hello').kind; // 'string'
 */
export function classifyValue(value: unknown): ValueClass {
  switch (typeof value) {
    case 'undefined':
      return { kind: 'undefined', value };
    case 'string':
      return { kind: 'string', value };
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'symbol':
      return { kind: 'scalar', value };
    case 'function':
      return { kind: 'function', value: value as (...args: never[]) => unknown };
  }
  if (value === null) return { kind: 'scalar', value };
  const v = value as object;
  if (typeof Node !== 'undefined' && v instanceof Node) return { kind: 'element', value: v };
  if (v instanceof Markup) return { kind: 'markup', value: v };
  if (isVegaLiteSpec(v)) return { kind: 'vega-lite', value: v };
  // A vega-lite-api chart (`vl.markPoint()…`): drawn from its spec.
  if (typeof (v as { toSpec?: unknown }).toSpec === 'function') {
    const spec = (v as { toSpec(): unknown }).toSpec();
    if (isVegaLiteSpec(spec)) return { kind: 'vega-lite', value: spec };
  }
  if (v instanceof tf.Tensor) return { kind: 'tensor', value: v };
  if (isTable(v)) return { kind: 'table', value: v };
  if (Array.isArray(v)) return isRecords(v) ? { kind: 'records', value: v } : { kind: 'object', value: v };
  if (isTrainEvent(v)) return { kind: 'train-event', value: v };
  if (v instanceof Error) return { kind: 'error', value: v };
  return { kind: 'object', value: v };
}
