// The shared suite: every builder's spec validates against the Vega-Lite JSON schema, compiles
// without warnings, and renders to an SVG with the expected marks and titles.
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import {
  barChart,
  decisionBoundary,
  density,
  heatmap,
  histogram,
  imageWithOverlay,
  lossCurve,
  lossLandscape,
  metricCurves,
  VEGA_LITE_SCHEMA,
} from './index.js';
import { compileSpec, renderSvg } from './render/index.js';
import { svgMarks, svgTexts } from './test-utils/svg.js';
import { schemaErrors } from './test-utils/vega-lite-schema.js';

const linspace = (a: number, b: number, n: number) => Array.from({ length: n }, (_, k) => a + ((b - a) * k) / (n - 1));
const runLog = [
  ...[0, 1, 2, 3, 4, 5].map((step) => ({ run: 'sgd', step, loss: 2 / (step + 1), accuracy: step / 10 })),
  ...[0, 1, 2, 3, 4, 5].map((step) => ({ run: 'adam', step, loss: 1 / (step + 1), accuracy: step / 6 })),
];
const xs10 = linspace(-1, 1, 10);
const bowl = linspace(-1, 1, 9).map((y) => linspace(-1, 1, 9).map((x) => x * x + 2 * y * y + 0.1));

interface Case {
  name: string;
  spec: () => TopLevelSpec;
  /** Items per mark type, counted from the input by hand. */
  marks: Record<string, number>;
  /** Text that must appear in the SVG (axis and legend titles). */
  texts: string[];
}

const cases: Case[] = [
  {
    name: 'lossCurve: two runs, smoothed, log y',
    spec: () => lossCurve(runLog, { smoothing: 0.5, logY: true, title: 'Training' }),
    marks: { line: 4 }, // 2 runs × (raw + smoothed)
    texts: ['Training', 'step', 'loss', 'run', 'sgd', 'adam'],
  },
  {
    name: 'lossCurve: one run, no smoothing',
    spec: () => lossCurve([{ step: 0, loss: 1 }, { step: 1, loss: 0.5 }], { yTitle: 'cross-entropy' }),
    marks: { line: 1 },
    texts: ['step', 'cross-entropy'],
  },
  {
    name: 'lossCurve: one point per run, marked',
    spec: () => lossCurve([16, 64, 256].map((w, i) => ({ name: `width ${w}`, rows: [{ lga: 0.5 + i / 10, acc: 0.8 + i / 100 }] })), { x: 'lga', y: 'acc', points: true }),
    marks: { symbol: 3 },
    texts: ['lga', 'acc', 'width 16', 'width 256'],
  },
  {
    name: 'metricCurves: two metrics of two runs',
    spec: () => metricCurves(runLog, { metrics: ['loss', 'accuracy'] }),
    marks: { line: 4 }, // 2 panels × 2 runs
    texts: ['loss', 'accuracy', 'step', 'sgd', 'adam'],
  },
  {
    name: 'heatmap: 2 × 3, diverging, with axes',
    spec: () => heatmap([[1, -2, 3], [-4, 5, -6]], { diverging: true, axes: true, legendTitle: 'saliency' }),
    marks: { rect: 6 },
    texts: ['row', 'column', 'saliency'],
  },
  {
    name: 'imageWithOverlay: 4 × 4 image, 2 × 2 overlay',
    spec: () => imageWithOverlay({ image: [[0, 1, 0, 1], [1, 0, 1, 0], [0, 1, 0, 1], [1, 0, 1, 0]], overlay: [[0, 1], [2, 3]] }),
    marks: { rect: 20 },
    texts: ['attribution'],
  },
  {
    name: 'decisionBoundary: 10 × 10 grid, 3 points',
    spec: () =>
      decisionBoundary(
        {
          grid: xs10.map(() => xs10.map((x) => 1 / (1 + Math.exp(-4 * x)))),
          extent: { x: [-1, 1], y: [-1, 1] },
          points: [{ a: 0.5, b: 0.2, c: 1 }, { a: -0.5, b: 0.1, c: 0 }, { a: -0.2, b: -0.7, c: 0 }],
        },
        { x: 'a', y: 'b', label: 'c', valueTitle: 'P(class 1)' },
      ),
    // 100 cells; P = 0.5 crosses each of the 9 rows of cells once; 3 points
    marks: { rect: 100, rule: 9, symbol: 3 },
    texts: ['a', 'b', 'c', 'P(class 1)'],
  },
  {
    name: 'lossLandscape: 9 × 9 bowl, two trajectories',
    spec: () =>
      lossLandscape(
        {
          grid: bowl,
          extent: { x: [-1, 1], y: [-1, 1] },
          trajectories: [
            { name: 'sgd', points: [[0.9, 0.9], [0.5, 0.4], [0.2, 0.1]] },
            { name: 'adam', points: [[-0.9, 0.8], [-0.3, 0.2]] },
          ],
        },
        { levels: [0.5, 1], xTitle: 'direction 1', yTitle: 'direction 2' },
      ),
    // 81 cells; 2 paths; start + end of each; rule count checked separately below
    marks: { rect: 81, line: 2, symbol: 4 },
    texts: ['direction 1', 'direction 2', 'loss', 'optimizer', 'sgd', 'adam', 'start', 'end'],
  },
  {
    name: 'histogram: 5 bins',
    spec: () => histogram(Float32Array.from([0, 1, 1, 2, 2, 2, 3, 3, 4, 5]), { bins: 5, xTitle: 'eigenvalue' }),
    marks: { rect: 5 },
    texts: ['eigenvalue', 'count'],
  },
  {
    name: 'density: KDE of raw values',
    spec: () => density([0, 0.5, 1, 3], { steps: 50 }),
    marks: { area: 1, line: 1 },
    texts: ['value', 'density'],
  },
  {
    name: 'density: precomputed rows on a log scale',
    spec: () => density([{ x: 0, density: 1 }, { x: 1, density: 0.01 }, { x: 2, density: 0 }], { logY: true, xTitle: 'eigenvalue' }),
    marks: { line: 1 },
    texts: ['eigenvalue', 'density'],
  },
  {
    name: 'barChart: grouped with error bars',
    spec: () =>
      barChart(
        [
          { method: 'sgd', data: 'mnist', acc: 0.9, sd: 0.01 },
          { method: 'sgd', data: 'moons', acc: 0.8, sd: 0.02 },
          { method: 'adam', data: 'mnist', acc: 0.95, sd: 0.01 },
        ],
        { x: 'method', y: 'acc', color: 'data', error: 'sd', yTitle: 'test accuracy' },
      ),
    marks: { rect: 3, rule: 3 },
    texts: ['method', 'test accuracy', 'data', 'mnist', 'moons', 'sgd', 'adam'],
  },
  {
    name: 'lossCurve: runs that have logged nothing yet draw a frame that says so',
    spec: () => lossCurve({ sgd: [], adam: [] }, { title: 'Training' }),
    marks: { text: 1 },
    texts: ['Training', 'no data'],
  },
  {
    name: 'metricCurves: no rows yet',
    spec: () => metricCurves([], { metrics: ['loss', 'accuracy'] }),
    marks: { text: 1 },
    texts: ['no data'],
  },
  {
    name: 'barChart: no rows yet (an arquero-like table with none)',
    spec: () => barChart({ objects: () => [] }, { title: 'Reversals' }),
    marks: { text: 1 },
    texts: ['Reversals', 'no data'],
  },
  {
    name: 'barChart: horizontal',
    spec: () => barChart([{ name: 'a', value: 1 }, { name: 'b', value: 2 }], { horizontal: true }),
    marks: { rect: 2 },
    texts: ['name', 'value'],
  },
];

describe('every builder', () => {
  for (const c of cases) {
    describe(c.name, () => {
      const spec = c.spec();

      it('declares Vega-Lite v6 and validates against its JSON schema', () => {
        expect((spec as { $schema?: string }).$schema).toBe(VEGA_LITE_SCHEMA);
        expect(schemaErrors(spec)).toEqual([]);
      });

      it('compiles without warnings', () => {
        expect(compileSpec(spec).warnings).toEqual([]);
      });

      it('renders an SVG with the expected marks and titles', async () => {
        const svg = await renderSvg(spec, { strict: true });
        expect(svg.startsWith('<svg')).toBe(true);
        const counts: Record<string, number> = {};
        for (const m of svgMarks(svg)) counts[m.type] = (counts[m.type] ?? 0) + m.items;
        for (const [type, n] of Object.entries(c.marks)) expect(counts[type], `${type} items`).toBe(n);
        const texts = svgTexts(svg);
        for (const t of c.texts) expect(texts, `text "${t}"`).toContain(t);
      });
    });
  }

  it('the schema check itself rejects a broken spec', () => {
    expect(schemaErrors({ $schema: VEGA_LITE_SCHEMA, data: { values: [] }, mark: 'lien' }).length).toBeGreaterThan(0);
    expect(schemaErrors({ $schema: VEGA_LITE_SCHEMA, data: { values: [] }, mark: 'line', encoding: { x: { field: 'a', type: 'continuous' } } }).length).toBeGreaterThan(0);
  });

  it('is plain JSON (survives a JSON round trip unchanged)', () => {
    for (const c of cases) {
      const spec = c.spec();
      expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    }
  });
});
