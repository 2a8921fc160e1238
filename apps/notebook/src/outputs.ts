// How a cell's value is shown: Vega-Lite specs with vega-embed, tensors of rank 2–4 as heat maps or
// images, arquero tables as tables, training events as a progress bar with a loss curve, DOM nodes
// as they are, anything else as its JSON summary. Text from values is always set as text.
import { tf } from '@gradbook/core';
import { classifyValue, summarise, type TrainEventLike } from '@gradbook/kernel';

/** A value made ready to draw: read at once (a tensor's data, a table's rows), drawn later. */
export type Prepared =
  | { kind: 'empty' }
  | { kind: 'node'; node: Node }
  | { kind: 'vega'; spec: Record<string, unknown> }
  | { kind: 'tensor'; shape: number[]; data: Promise<ArrayLike<number>> }
  | { kind: 'table'; rows: Record<string, unknown>[]; columns: string[]; numRows: number }
  | { kind: 'train'; step: number; total: number | undefined; loss: number; metrics: Record<string, number>; history: [number, number][] }
  | { kind: 'text'; text: string; className: string }
  | { kind: 'json'; summary: string; text: string };

/** A training event as @gradbook/core's train yields it: `{ step, loss, … }` with numbers. */
export const isTrainEvent = (v: unknown): v is TrainEventLike => classifyValue(v).kind === 'train-event';

const MAX_ROWS = 100;

/** One line for an object: `Array(3)`, `Tensor [2, 3] float32`, `{table, store, …}` (class names are minified in the bundle). */
function summaryOf(value: unknown): string {
  if (Array.isArray(value)) return `Array(${value.length})`;
  if (value instanceof tf.Tensor) return `Tensor [${value.shape.join(', ')}] ${value.dtype}`;
  if (value === null || typeof value !== 'object') return String(value);
  const keys = Object.keys(value);
  return `{${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', …' : ''}}`;
}

/**
 * Reads what is needed to draw a value now, while its tensors are alive.
 *
 * @param value - the cell's value.
 * @param history - the loss curve so far, for a training event (the caller keeps it per run).
 */
export function prepare(value: unknown, history: [number, number][]): Prepared {
  const c = classifyValue(value);
  if (c.kind === 'undefined') return { kind: 'empty' };
  if (c.kind === 'element') return { kind: 'node', node: c.value };
  if (c.kind === 'vega-lite') return { kind: 'vega', spec: c.value };
  if (c.kind === 'tensor' && c.value.rank >= 2 && c.value.rank <= 4 && c.value.size > 0 && c.value.size <= 4_000_000) {
    let data: Promise<ArrayLike<number>>;
    try {
      data = c.value.data() as Promise<ArrayLike<number>>;
    } catch (error) {
      data = Promise.reject(error);
    }
    data.catch(() => undefined);
    return { kind: 'tensor', shape: c.value.shape.slice(), data };
  }
  if (c.kind === 'table') {
    const rows = c.value.objects({ limit: MAX_ROWS });
    return { kind: 'table', rows, columns: c.value.columnNames(), numRows: c.value.numRows() };
  }
  if (c.kind === 'train-event') {
    const metrics: Record<string, number> = {};
    for (const [k, m] of Object.entries(c.value.metrics ?? {})) if (typeof m === 'number') metrics[k] = m;
    return { kind: 'train', step: c.value.step, total: typeof c.value.total === 'number' ? c.value.total : undefined, loss: c.value.loss, metrics, history };
  }
  if (typeof value === 'string') return { kind: 'text', text: value, className: 'gb-value-string' };
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === null) {
    return { kind: 'text', text: String(value), className: 'gb-value-number' };
  }
  if (typeof value === 'function') return { kind: 'text', text: `ƒ ${value.name || '(anonymous)'}`, className: 'gb-value-json' };
  let text: string;
  try {
    text = JSON.stringify(summarise(value), null, 1) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return { kind: 'json', summary: summaryOf(value), text: text.length > 4000 ? text.slice(0, 4000) + '\n…' : text };
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : Math.abs(x) >= 1e4 || Math.abs(x) < 1e-3 ? x.toExponential(3) : x.toPrecision(4));

// Viridis at five stops, and a blue–white–orange diverging scale.
const VIRIDIS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
const DIVERGING = [[33, 102, 172], [146, 197, 222], [247, 247, 247], [244, 165, 130], [230, 97, 1]];
function ramp(stops: number[][], t: number): number[] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  return stops[i]!.map((a, k) => a + (stops[i + 1]![k]! - a) * f);
}

/** Draws an h×w(×c) slice as a canvas: c = 1 or none → heat map (or greys for images), 3/4 → RGB(A). */
function canvasOf(data: ArrayLike<number>, offset: number, h: number, w: number, c: number, asImage: boolean): HTMLCanvasElement {
  const n = h * w * c;
  let min = Infinity;
  let max = -Infinity;
  for (let i = offset; i < offset + n; i++) {
    const v = data[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const diverging = !asImage && min < 0 && max > 0;
  const m = Math.max(Math.abs(min), Math.abs(max)) || 1;
  // Images: [0, 1] or [0, 255] as they are, anything else stretched.
  const [lo, hi] = asImage && min >= 0 && max <= 1 ? [0, 1] : asImage && min >= 0 && max <= 255 && max > 1 ? [0, 255] : [min, max === min ? min + 1 : max];
  const canvas = el('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(w, h);
  for (let p = 0; p < h * w; p++) {
    const base = offset + p * c;
    let rgb: number[];
    if (c >= 3) rgb = [0, 1, 2].map((k) => (255 * (data[base + k]! - lo)) / (hi - lo));
    else if (asImage) rgb = Array(3).fill((255 * (data[base]! - lo)) / (hi - lo));
    else rgb = diverging ? ramp(DIVERGING, (data[base]! / m + 1) / 2) : ramp(VIRIDIS, (data[base]! - lo) / (hi - lo));
    img.data[p * 4] = rgb[0]!;
    img.data[p * 4 + 1] = rgb[1]!;
    img.data[p * 4 + 2] = rgb[2]!;
    img.data[p * 4 + 3] = c === 4 ? (255 * (data[base + 3]! - lo)) / (hi - lo) : 255;
  }
  ctx.putImageData(img, 0, 0);
  const scale = Math.max(1, Math.floor(168 / Math.max(h, w)));
  canvas.style.width = `${w * scale}px`;
  canvas.style.height = `${h * scale}px`;
  canvas.title = `${h}×${w}${c > 1 ? `×${c}` : ''}, min ${fmt(min)}, max ${fmt(max)}`;
  return canvas;
}

async function drawTensor(target: HTMLElement, shape: number[], data: ArrayLike<number>): Promise<void> {
  const figure = el('figure', 'gb-tensor');
  const last = shape[shape.length - 1]!;
  const channels = last === 1 || last === 3 || last === 4;
  let slices: { h: number; w: number; c: number; image: boolean }[];
  let count: number;
  if (shape.length === 2) (slices = [{ h: shape[0]!, w: shape[1]!, c: 1, image: false }]), (count = 1);
  else if (shape.length === 3 && channels) (slices = [{ h: shape[0]!, w: shape[1]!, c: last, image: true }]), (count = 1);
  else if (shape.length === 3) (count = shape[0]!), (slices = [{ h: shape[1]!, w: shape[2]!, c: 1, image: false }]);
  else (count = shape[0]!), (slices = [{ h: shape[1]!, w: shape[2]!, c: channels ? last : shape[3]!, image: channels }]);
  const { h, w, c, image } = slices[0]!;
  const shown = Math.min(count, 16);
  const grid = el('div', 'gb-tensor-grid');
  if (shape.length === 4 && !channels) {
    grid.append(el('span', 'gb-note', `channels ${shape[3]} not drawn`));
  } else {
    for (let k = 0; k < shown; k++) grid.append(canvasOf(data, k * h * w * c, h, w, c, image));
  }
  figure.append(grid, el('figcaption', undefined, `tensor [${shape.join(', ')}]${count > shown ? ` (first ${shown})` : ''}`));
  target.replaceChildren(figure);
}

function drawTable(target: HTMLElement, p: Extract<Prepared, { kind: 'table' }>): void {
  const wrap = el('div', 'gb-table-wrap');
  const table = el('table', 'gb-table');
  const head = el('tr');
  for (const c of p.columns) head.append(el('th', undefined, c));
  table.append(el('thead'), el('tbody'));
  table.tHead!.append(head);
  for (const row of p.rows) {
    const tr = el('tr');
    for (const c of p.columns) {
      const v = row[c];
      tr.append(el('td', typeof v === 'number' ? 'gb-num' : undefined, typeof v === 'number' ? fmt(v) : v instanceof Date ? v.toISOString() : String(v ?? '')));
    }
    table.tBodies[0]!.append(tr);
  }
  wrap.append(table, el('div', 'gb-note', `${p.numRows} rows × ${p.columns.length} columns${p.numRows > p.rows.length ? ` (first ${p.rows.length} shown)` : ''}`));
  target.replaceChildren(wrap);
}

const SVG = 'http://www.w3.org/2000/svg';

function drawTrain(target: HTMLElement, p: Extract<Prepared, { kind: 'train' }>, running: boolean): void {
  let box = target.querySelector<HTMLElement>(':scope > .gb-train');
  if (!box) {
    box = el('div', 'gb-train');
    const bar = el('div', 'gb-progress');
    bar.append(el('div', 'gb-progress-fill'));
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'gb-loss-curve');
    svg.setAttribute('viewBox', '0 0 400 120');
    svg.setAttribute('preserveAspectRatio', 'none');
    const line = document.createElementNS(SVG, 'polyline');
    svg.append(line);
    box.append(bar, el('div', 'gb-train-text'), svg, el('div', 'gb-train-range gb-note'));
    target.replaceChildren(box);
  }
  const fraction = p.total ? Math.min(1, p.step / p.total) : running ? 0.5 : 1;
  const fill = box.querySelector<HTMLElement>('.gb-progress-fill')!;
  fill.style.width = `${(100 * fraction).toFixed(1)}%`;
  fill.classList.toggle('gb-indeterminate', !p.total && running);
  box.dataset.step = String(p.step);
  const metrics = Object.entries(p.metrics).map(([k, v]) => ` · ${k} ${fmt(v)}`).join('');
  box.querySelector('.gb-train-text')!.textContent = `step ${p.step}${p.total ? ` / ${p.total}` : ''} · loss ${fmt(p.loss)}${metrics}`;
  const points = p.history.filter(([, l]) => Number.isFinite(l));
  const line = box.querySelector('polyline')!;
  if (points.length > 0) {
    const x0 = points[0]![0];
    const x1 = Math.max(x0 + 1, points[points.length - 1]![0]);
    let lo = Infinity;
    let hi = -Infinity;
    for (const [, l] of points) (lo = Math.min(lo, l)), (hi = Math.max(hi, l));
    if (hi === lo) hi = lo + 1;
    const step = Math.max(1, Math.floor(points.length / 400));
    const coords: string[] = [];
    for (let i = 0; i < points.length; i += step) {
      const [s, l] = points[i]!;
      coords.push(`${((400 * (s - x0)) / (x1 - x0)).toFixed(1)},${(115 - (110 * (l - lo)) / (hi - lo)).toFixed(1)}`);
    }
    line.setAttribute('points', coords.join(' '));
    box.querySelector('.gb-train-range')!.textContent = `loss from ${fmt(points[0]![1])} to ${fmt(points[points.length - 1]![1])} (range ${fmt(lo)}–${fmt(hi)})`;
  }
}

/** The finalize() of the Vega views a target shows, to free them when it is redrawn. */
const vegaViews = new WeakMap<HTMLElement, { finalize(): void }>();

/**
 * Draws a prepared value into a cell's output.
 *
 * @param running - whether the cell is still streaming (a training run in progress).
 */
export async function draw(target: HTMLElement, p: Prepared, running: boolean): Promise<void> {
  if (p.kind !== 'vega') {
    vegaViews.get(target)?.finalize();
    vegaViews.delete(target);
  }
  switch (p.kind) {
    case 'empty':
      target.replaceChildren();
      return;
    case 'node':
      if (target.firstChild !== p.node || target.childNodes.length !== 1) target.replaceChildren(p.node);
      return;
    case 'text':
      target.replaceChildren(el('pre', p.className, p.text));
      return;
    case 'json': {
      const details = el('details', 'gb-json');
      details.append(el('summary', undefined, p.summary), el('pre', 'gb-value-json', p.text));
      target.replaceChildren(details);
      return;
    }
    case 'table':
      drawTable(target, p);
      return;
    case 'train':
      drawTrain(target, p, running);
      return;
    case 'tensor':
      await drawTensor(target, p.shape, await p.data);
      return;
    case 'vega': {
      const { default: embed } = await import('vega-embed');
      const holder = el('div', 'gb-vega');
      const result = await embed(holder, p.spec as never, { actions: false, renderer: 'svg' });
      vegaViews.get(target)?.finalize();
      vegaViews.set(target, result);
      target.replaceChildren(holder);
      return;
    }
  }
}
