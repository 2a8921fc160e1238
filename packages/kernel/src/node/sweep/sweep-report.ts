import type { ColumnTable } from 'arquero';
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from '@gradbook/plot/render';
import { escapeHtml } from '../../markup.js';
import type { GridAxis } from '../../sweep/grid.js';
import type { SweepSummary } from '../../sweep/sweep-table.js';

const STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; max-width: 1040px; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
.meta { color: #666; font-size: 0.9rem; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 1rem 0; }
td, th { border: 1px solid #d0d7de; padding: 0.2rem 0.5rem; text-align: right; }
th { background: #f6f8fa; }
td.held-all { background: #dafbe1; } td.held-some { background: #fff8c5; } td.held-none { background: #ffebe9; }
figure { margin: 1rem 0; }
`;

/** Everything {@link sweepReport} shows. */
export interface SweepReportInput {
  readonly title: string;
  readonly file: string;
  readonly axes: readonly GridAxis[];
  readonly seeds: readonly number[];
  readonly summary: SweepSummary;
  readonly table: ColumnTable;
}

const fmt = (x: number, digits = 3): string => (Number.isFinite(x) ? Number(x.toPrecision(digits)).toString() : '–');
const label = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** Claim-held fraction over the grid: the first axis along x, the second (if any) as colour. */
function claimSpec(input: SweepReportInput, claim: string): TopLevelSpec | null {
  const [x, colour] = input.axes;
  if (!x) return null;
  const values = input.summary.points.map((p) => ({
    [x.name]: label(p.values[x.name]),
    ...(colour ? { [colour.name]: label(p.values[colour.name]) } : {}),
    held: p.claims[claim]!.fraction,
    low: p.claims[claim]!.low,
    high: p.claims[claim]!.high,
  }));
  const encodingX = { field: x.name, type: 'ordinal' as const, sort: x.values.map(label), title: x.name };
  const colourEnc = colour ? { color: { field: colour.name, type: 'nominal' as const, sort: colour.values.map(label), title: colour.name } } : {};
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `${claim}: fraction of seeds where it held (95 % Wilson interval)`,
    width: 420,
    height: 220,
    data: { values },
    layer: [
      { mark: { type: 'rule' }, encoding: { x: encodingX, y: { field: 'low', type: 'quantitative', scale: { domain: [0, 1] }, title: 'held' }, y2: { field: 'high' }, ...colourEnc } },
      { mark: { type: 'point', filled: true, size: 60 }, encoding: { x: encodingX, y: { field: 'held', type: 'quantitative' }, ...colourEnc } },
    ],
  } as TopLevelSpec;
}

/** A metric against one grid axis: every run as a point, the mean per value as a line. */
function metricSpec(input: SweepReportInput, metric: string, axis: GridAxis): TopLevelSpec {
  const values = (input.table.objects() as Record<string, unknown>[]).map((row) => ({ x: label(row[axis.name]), y: row[metric], seed: row.seed })).filter((r) => typeof r.y === 'number' && Number.isFinite(r.y));
  const x = { field: 'x', type: 'ordinal' as const, sort: axis.values.map(label), title: axis.name };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `${metric} against ${axis.name}`,
    width: 420,
    height: 220,
    data: { values },
    layer: [
      { mark: { type: 'point', opacity: 0.5 }, encoding: { x, y: { field: 'y', type: 'quantitative', title: metric } } },
      { mark: { type: 'line', point: true }, encoding: { x, y: { aggregate: 'mean', field: 'y', type: 'quantitative' } } },
    ],
  } as TopLevelSpec;
}

async function figure(spec: TopLevelSpec | null): Promise<string> {
  if (!spec) return '';
  try {
    return `<figure>${await renderSvg(spec)}</figure>`;
  } catch (error) {
    return `<p class="meta">plot not drawn: ${escapeHtml((error as Error).message)}</p>`;
  }
}

/**
 * A static HTML page of a sweep: per grid point, the claims that held with their intervals and
 * the metrics' mean ± spread; plots of each claim over the grid and each metric against each axis.
 *
 * @returns the page's HTML (no scripts, no network).
 */
export async function sweepReport(input: SweepReportInput): Promise<string> {
  const { summary, axes } = input;
  const claims = [...new Set(summary.points.flatMap((p) => Object.keys(p.claims)))];
  const metrics = [...new Set(summary.points.flatMap((p) => Object.keys(p.metrics)))];
  const head = [...axes.map((a) => a.name), 'runs', 'failed', ...claims.map((c) => `held: ${c}`), ...metrics].map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows = summary.points
    .map((p) => {
      const cells = [
        ...axes.map((a) => `<td>${escapeHtml(label(p.values[a.name]))}</td>`),
        `<td>${p.runs}</td>`,
        `<td>${p.failed}</td>`,
        ...claims.map((c) => {
          const q = p.claims[c]!;
          const cls = q.k === q.n ? 'held-all' : q.k === 0 ? 'held-none' : 'held-some';
          return `<td class="${cls}">${q.k}/${q.n} [${fmt(q.low, 2)}, ${fmt(q.high, 2)}]</td>`;
        }),
        ...metrics.map((m) => {
          const s = p.metrics[m]!;
          return `<td>${fmt(s.mean)} ± ${fmt(s.sd, 2)}</td>`;
        }),
      ];
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  const plots: string[] = [];
  for (const c of claims) plots.push(await figure(claimSpec(input, c)));
  for (const m of metrics) for (const a of axes) plots.push(await figure(metricSpec(input, m, a)));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>Sweep: ${escapeHtml(input.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Sweep: ${escapeHtml(input.title)}</h1>
<p class="meta">${escapeHtml(input.file)} · ${summary.runs} runs (${axes.map((a) => `${escapeHtml(a.name)} × ${a.values.length}`).join(', ') || 'no grid'}, ${input.seeds.length} seeds) · ${summary.failed} failed</p>
<table><thead><tr>${head}</tr></thead><tbody>
${rows}
</tbody></table>
${plots.join('\n')}
</body>
</html>
`;
}
