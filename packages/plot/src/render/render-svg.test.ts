import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { heatmap } from '../heatmap.js';
import { lossCurve } from '../loss-curve.js';
import { VEGA_LITE_SCHEMA } from '../spec.js';
import { countItems, svgMarks, svgTexts } from '../test-utils/svg.js';
import { compileSpec } from './compile-spec.js';
import { renderSvg } from './render-svg.js';

const pathOf = (svg: string, type: string) => {
  const start = svg.indexOf(`<g class="mark-${type} role-mark`);
  return /<path[^>]* d="([^"]+)"/.exec(svg.slice(start))?.[1];
};

describe('renderSvg', () => {
  it('draws a line through the data: points land where the linear scales put them', async () => {
    // x in [0, 2] over 400 px, y domain [0, 1] (zero: false, nice ticks) over 250 px, y down
    const svg = await renderSvg(lossCurve([{ step: 0, loss: 1 }, { step: 1, loss: 0.5 }, { step: 2, loss: 0 }]));
    expect(countItems(svg, 'line')).toBe(1);
    expect(pathOf(svg, 'line')).toBe('M0,0L200,125L400,250');
  });

  it('changes when the data change', async () => {
    const a = await renderSvg(lossCurve([{ step: 0, loss: 1 }, { step: 1, loss: 0.5 }, { step: 2, loss: 0 }]));
    const b = await renderSvg(lossCurve([{ step: 0, loss: 1 }, { step: 1, loss: 0.9 }, { step: 2, loss: 0 }]));
    expect(pathOf(b, 'line')).toBe('M0,0L200,25L400,250');
    expect(a).not.toBe(b);
  });

  it('escapes markup in titles and labels', async () => {
    const nasty = '<script>alert("x")</script>';
    const svg = await renderSvg(lossCurve({ [nasty]: [{ step: 0, loss: 1 }, { step: 1, loss: 2 }] }, { title: nasty, yTitle: '<b>&' }));
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<b>');
    expect(svgTexts(svg)).toContain('&lt;script&gt;alert("x")&lt;/script&gt;');
    expect(svgTexts(svg)).toContain('&lt;b&gt;&amp;');
  });

  it('colours heat map cells with the scheme: viridis runs from #440154 to #fde725', async () => {
    const svg = await renderSvg(heatmap([[0, 1]]));
    const fills = [...svg.slice(svg.indexOf('mark-rect role-mark')).matchAll(/fill="rgb\((\d+), (\d+), (\d+)\)"/g)]
      .slice(0, 2)
      .map((m) => m.slice(1).map((d) => Number(d).toString(16).padStart(2, '0')).join(''));
    expect(fills).toEqual(['440154', 'fde725']);
  });

  it('lists the marks in drawing order', async () => {
    const svg = await renderSvg(heatmap([[0, 1], [2, 3]]));
    expect(svgMarks(svg)).toEqual([{ type: 'rect', items: 4 }]);
  });

  it('ignores warnings unless strict', async () => {
    // a shape channel on bars is dropped with a warning
    const spec = {
      $schema: VEGA_LITE_SCHEMA,
      data: { values: [{ a: 1, b: 'u' }] },
      mark: 'bar',
      encoding: { x: { field: 'a', type: 'quantitative' }, shape: { field: 'b', type: 'nominal' } },
    } as TopLevelSpec;
    expect(compileSpec(spec).warnings.join(' ')).toMatch(/shape/);
    await expect(renderSvg(spec)).resolves.toMatch(/^<svg/);
    await expect(renderSvg(spec, { strict: true })).rejects.toThrow(/^renderSvg: the spec rendered with 1 warning\(s\): .*shape/);
  });

  it('scales the drawing', async () => {
    const svg = await renderSvg(heatmap([[0, 1]], { width: 100, height: 50 }), { scale: 2 });
    const [, w] = /<svg[^>]* width="(\d+)"/.exec(svg) ?? [];
    const plain = await renderSvg(heatmap([[0, 1]], { width: 100, height: 50 }));
    const [, w1] = /<svg[^>]* width="(\d+)"/.exec(plain) ?? [];
    expect(Number(w)).toBe(2 * Number(w1));
  });
});

describe('compileSpec', () => {
  it('turns a broken spec into a PlotError', () => {
    expect(() => compileSpec({ $schema: VEGA_LITE_SCHEMA, data: { values: [] }, mark: 'lien' } as unknown as TopLevelSpec)).toThrow(
      /^compileSpec: Vega-Lite could not compile the spec: /,
    );
  });
});
