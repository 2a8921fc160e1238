import { rename, writeFile } from 'node:fs/promises';
import { makeFolder } from './make-folder.js';
import path from 'node:path';
import { Marked } from 'marked';
import { heatmapPng, renderSvg } from '@gradbook/plot/render';
import type { NotebookDefinition } from '../compile.js';
import type { CellState, NotebookRun } from '../run.js';
import { escapeHtml } from '../markup.js';
import { summarise } from '../summarise.js';
import { classifyValue } from '../classify-value.js';
import { claimOf, claimsOf } from '../assertion-outcome.js';


/** Markdown from cells (`md`…``) renders with any raw HTML in it shown as text (internal). */
const cellMarkdown = new Marked({ renderer: { html: ({ text }) => escapeHtml(text) } });
/** The author's prose renders as written. */
const proseMarkdown = new Marked();

const STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; max-width: 960px; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
header .meta { color: #666; font-size: 0.9rem; }
.cell { margin: 1.25rem 0; border-left: 3px solid #d0d7de; padding-left: 0.75rem; }
.cell.error { border-color: #cf222e; }
.cell.assert.pass { border-color: #1a7f37; }
.cell.assert.fail { border-color: #cf222e; }
.cell .claim { margin: 0; font-weight: 600; }
.cell.assert.pass .mark { color: #1a7f37; }
.cell.assert.fail .mark { color: #cf222e; }
.cell pre.source { background: #f6f8fa; padding: 0.5rem; overflow-x: auto; font-size: 0.85rem; margin: 0 0 0.5rem; }
.cell .name { font-family: ui-monospace, monospace; font-weight: 600; }
.cell pre.value { margin: 0; white-space: pre-wrap; font-size: 0.85rem; max-height: 24rem; overflow: auto; }
.cell .message { color: #cf222e; font-family: ui-monospace, monospace; white-space: pre-wrap; }
.cell table { border-collapse: collapse; font-size: 0.85rem; }
.cell td, .cell th { border: 1px solid #d0d7de; padding: 0.15rem 0.5rem; text-align: right; }
.cell img.heatmap { image-rendering: pixelated; }
iframe.markup { border: 0; width: 100%; }
`;

type Spec = Record<string, unknown>;

/** The grid and colours of a heatmap spec (a single rect mark over x/x2/y/y2 cells coloured by `v`), else null. */
function heatmapGrid(spec: Spec): { rows: number[][]; options: Record<string, unknown>; width: number } | null {
  // The mark may sit at the top or in a single layer.
  const layers = spec.layer as Spec[] | undefined;
  const unit = Array.isArray(layers) ? (layers.length === 1 ? layers[0] : null) : spec;
  if (!unit) return null;
  const mark = unit.mark;
  const type = typeof mark === 'string' ? mark : (mark as { type?: string } | undefined)?.type;
  const enc = unit.encoding as Record<string, { field?: string; scale?: Record<string, unknown> }> | undefined;
  const values = ((unit.data ?? spec.data) as { values?: unknown } | undefined)?.values;
  if (type !== 'rect' || !enc?.x2 || !enc?.y2 || enc.color?.field !== 'v' || !Array.isArray(values) || values.length === 0) return null;
  const cells = values as { x: number; y: number; v: number }[];
  if (!cells.every((c) => typeof c.x === 'number' && typeof c.y === 'number' && typeof c.v === 'number')) return null;
  const xs = [...new Set(cells.map((c) => c.x))].sort((a, b) => a - b);
  const ys = [...new Set(cells.map((c) => c.y))].sort((a, b) => a - b);
  if (xs.length * ys.length !== cells.length) return null;
  if (enc.y?.scale?.reverse !== true) ys.reverse(); // row 0 of the image is the top
  const col = new Map(xs.map((x, i) => [x, i]));
  const row = new Map(ys.map((y, i) => [y, i]));
  const rows = ys.map(() => new Array<number>(xs.length).fill(0));
  for (const c of cells) rows[row.get(c.y)!][col.get(c.x)!] = c.v;
  const scale = enc.color.scale ?? {};
  const options: Record<string, unknown> = {};
  if (typeof scale.scheme === 'string') options.colorScheme = scale.scheme;
  if (Array.isArray(scale.domain) && scale.domain.length === 2 && scale.domain.every((d) => typeof d === 'number')) options.domain = scale.domain;
  if (scale.reverse === true) options.reverseScheme = true;
  return { rows, options, width: typeof spec.width === 'number' ? spec.width : 280 };
}

function pngImage(rows: number[][], options: Record<string, unknown>, width: number, title: string): string {
  const scale = Math.max(1, Math.min(64, Math.round(width / rows[0].length)));
  const png = heatmapPng(rows, { ...options, scale });
  return `<img class="heatmap" alt="${escapeHtml(title)}" src="data:image/png;base64,${Buffer.from(png).toString('base64')}" width="${rows[0].length * scale}" height="${rows.length * scale}">`;
}

function table(rows: Record<string, unknown>[], columns: string[], total: number): string {
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = rows.map((r) => `<tr>${columns.map((c) => `<td>${escapeHtml(format(r[c]))}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${total > rows.length ? `<p>${rows.length} of ${total} rows</p>` : ''}`;
}

function format(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) || !Number.isFinite(v) ? String(v) : String(Number(v.toPrecision(6)));
  if (typeof v === 'string') return v;
  return JSON.stringify(summarise(v));
}

/** One cell value as HTML; every string from the value is escaped (internal). */
async function renderValue(value: unknown, title: string): Promise<string> {
  const c = classifyValue(value);
  switch (c.kind) {
    case 'string':
      return `<pre class="value">${escapeHtml(JSON.stringify(c.value))}</pre>`;
    case 'undefined':
    case 'scalar':
      return `<pre class="value">${escapeHtml(String(c.value))}</pre>`;
    case 'function':
      return `<pre class="value">${escapeHtml(`ƒ ${c.value.name || ''}()`)}</pre>`;
    case 'markup':
      if (c.value.kind === 'md') return `<div class="markup">${cellMarkdown.parse(c.value.text, { async: false }) as string}</div>`;
      // HTML a cell built goes into a sandboxed frame: it displays, but no script in it runs.
      return `<iframe class="markup" sandbox srcdoc="${escapeHtml(c.value.text)}"></iframe>`;
    case 'element': {
      // A DOM node a cell built (headless runs have a DOM): SVG and Plot's figures inline (the
      // page's CSP runs no script), anything else in a sandboxed frame, as html markup.
      const node = c.value as Partial<Element> & Node;
      const markup = node.outerHTML ?? [...node.childNodes].map((n) => (n as Partial<Element>).outerHTML ?? escapeHtml(n.textContent ?? '')).join('');
      if (/^<(svg|figure)\b/i.test(markup)) return `<div class="plot">${markup}</div>`;
      return `<iframe class="markup" sandbox srcdoc="${escapeHtml(markup)}"></iframe>`;
    }
    case 'vega-lite': {
      const heat = heatmapGrid(c.value);
      try {
        if (heat) return pngImage(heat.rows, heat.options, heat.width, title);
        return `<div class="plot">${await renderSvg(c.value as never)}</div>`;
      } catch (error) {
        return `<p class="message">the plot did not render: ${escapeHtml((error as Error).message)}</p>`;
      }
    }
    case 'tensor': {
      const t = c.value;
      if (t.isDisposed) break;
      const shape = `<p>tensor ${escapeHtml(t.dtype)} [${t.shape.join(', ')}]</p>`;
      if (t.rank === 2 && (t.shape[0] ?? 0) > 1 && (t.shape[1] ?? 0) > 1 && t.size <= 250_000) {
        const rows = t.arraySync() as number[][];
        if (rows.every((r) => r.every(Number.isFinite))) return shape + pngImage(rows, {}, 280, title);
      }
      return shape + `<pre class="value">${escapeHtml(JSON.stringify(summarise(t)).slice(0, 2000))}</pre>`;
    }
    case 'table':
      return table(c.value.objects({ limit: 20 }), c.value.columnNames(), c.value.numRows());
    case 'records': {
      const columns = [...new Set(c.value.slice(0, 20).flatMap((r) => Object.keys(r)))];
      return table(c.value.slice(0, 20), columns, c.value.length);
    }
    case 'train-event': {
      const e = c.value;
      const metrics = Object.entries(e.metrics ?? {}).map(([k, v]) => `${k} ${format(v)}`);
      return `<p class="train">step ${e.step}${e.epoch === undefined ? '' : ` · epoch ${e.epoch}`} · loss ${escapeHtml(format(e.loss))}${metrics.length ? ' · ' + escapeHtml(metrics.join(' · ')) : ''}</p>`;
    }
  }
  const json = JSON.stringify(summarise(value), null, 2) ?? 'undefined';
  return `<pre class="value">${escapeHtml(json.length > 5000 ? json.slice(0, 5000) + '\n…' : json)}</pre>`;
}

async function renderCell(state: CellState): Promise<string> {
  const { cell } = state;
  const name = `<span class="name">${escapeHtml(state.key)}</span>`;
  // Cell options: `echo: false` hides the source, `fold` folds it, `output: false` hides the value
  // (errors and claims still show).
  const code = `<pre class="source"><code>${escapeHtml(cell.source)}</code></pre>`;
  const source = cell.options.echo === false ? '' : cell.options.echo === 'fold' ? `<details><summary>code</summary>${code}</details>` : code;
  const claim = claimOf(state);
  if (claim) {
    const mark = claim.holds ? '✓ holds' : '✗ does not hold';
    return `<section class="cell assert ${claim.holds ? 'pass' : 'fail'}" id="cell-${cell.index + 1}">${source}<p class="claim"><span class="mark">${mark}</span>: ${escapeHtml(claim.claim)}</p></section>`;
  }
  if (state.status === 'rejected' && state.error) {
    return `<section class="cell error" id="cell-${cell.index + 1}">${source}<div class="message">${name}: ${escapeHtml(state.error.message)}</div></section>`;
  }
  if (cell.options.output === false && state.status === 'fulfilled') return `<section class="cell" id="cell-${cell.index + 1}">${source}</section>`;
  if (state.status !== 'fulfilled') return `<section class="cell" id="cell-${cell.index + 1}">${source}<p>${name} did not finish</p></section>`;
  if (cell.kind === 'viewof') {
    const label = (state.view as { label?: unknown } | undefined)?.label;
    return `<section class="cell input" id="cell-${cell.index + 1}">${source}<p>${name}${typeof label === 'string' ? ` (${escapeHtml(label)})` : ''} = <code>${escapeHtml(format(state.value))}</code></p></section>`;
  }
  return `<section class="cell" id="cell-${cell.index + 1}">${source}${cell.name ? `<div>${name} =</div>` : ''}${await renderValue(state.value, state.key)}</section>`;
}

/**
 * The static HTML report of a settled run: the title, the prose, each cell's source and value
 * (inputs with their values, Vega-Lite plots as inline SVG, heatmaps and 2-D tensors as PNG,
 * tables, training runs as their last event, errors with their message). Strings from cells are
 * escaped, and HTML a cell built is shown in a sandboxed frame, so nothing from a cell runs. The
 * page needs no server and no network.
 *
 * @param definition - the compiled notebook.
 * @param notebook - its run, settled.
 * @returns the page's HTML.
 * @example
 * const html = await renderReport(definition, notebook);
 */
export async function renderReport(definition: NotebookDefinition, notebook: NotebookRun): Promise<string> {
  const states = new Map(notebook.cells.map((s) => [s.cell.index, s]));
  const parts: string[] = [];
  for (const block of definition.blocks) {
    if (block.type === 'prose') parts.push(`<div class="prose">${proseMarkdown.parse(block.markdown, { async: false }) as string}</div>`);
    else {
      const state = states.get(block.cell.index);
      if (state && block.cell.options.include !== false) parts.push(await renderCell(state));
    }
  }
  const hasTitle = definition.blocks.some((b) => b.type === 'prose' && /^#\s/m.test(b.markdown));
  const { errors } = notebook.result();
  const failed = Object.keys(errors).length;
  const claims = claimsOf(notebook.cells);
  const held = claims.filter((c) => c.holds).length;
  const claimed = claims.length === 0 ? '' : ` · ${held} of ${claims.length} claim${claims.length === 1 ? '' : 's'} ${claims.length === 1 && held === 1 ? 'holds' : 'hold'}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${escapeHtml(definition.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>${hasTitle ? '' : `<h1>${escapeHtml(definition.title)}</h1>`}<p class="meta">Gradbook report · seed ${notebook.seed} · backend ${escapeHtml(notebook.backend)} · ${failed === 0 ? 'every cell ran' : `${failed} cell${failed === 1 ? '' : 's'} failed`}${claimed}</p></header>
<main>
${parts.join('\n')}
</main>
</body>
</html>
`;
}

/**
 * Writes the static HTML report of a settled run to `dir/index.html` (atomically).
 *
 * @param definition - the compiled notebook.
 * @param notebook - its run, settled.
 * @param dir - the output directory, created if needed.
 * @returns the path of the written `index.html`.
 * @example
 * const file = await writeReport(definition, notebook, 'report');
 */
export async function writeReport(definition: NotebookDefinition, notebook: NotebookRun, dir: string): Promise<string> {
  await makeFolder('writeReport(dir)', dir);
  const file = path.join(dir, 'index.html');
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, await renderReport(definition, notebook), 'utf8');
  await rename(temp, file);
  return file;
}
