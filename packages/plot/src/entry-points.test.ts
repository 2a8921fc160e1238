// The builders' entry must not load Vega (a browser bundle of the builders stays small): only
// the `./render` subpath may import vega, vega-lite's compiler or pngjs at run time.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = dirname(fileURLToPath(import.meta.url));
const runtimeImports = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s+(?!type\b)(?:[\w*\s,]*\{[^}]*\}\s*|[\w*\s,]+)from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);

describe('entry points', () => {
  it('the builders import nothing but their own modules at run time', () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of runtimeImports(file)) {
        expect(spec.startsWith('.'), `${file} imports ${spec}`).toBe(true);
        visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      }
    };
    visit(join(src, 'index.ts'));
    expect([...seen].some((f) => f.includes('/render/'))).toBe(false);
    expect(seen.size).toBeGreaterThan(10);
  });

  it('every module is reachable from index.ts or render/index.ts', async () => {
    const index = readFileSync(join(src, 'index.ts'), 'utf8') + readFileSync(join(src, 'render', 'index.ts'), 'utf8');
    const publicFiles = readdirSync(src).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const internal = ['index.ts', 'rows.ts', 'grid-cells.ts', 'numbers.ts', 'color-domain.ts', 'series.ts', 'curve-layers.ts', 'spec.ts', 'grid.ts', 'series-colors.ts'];
    for (const f of publicFiles.filter((f) => !internal.includes(f))) expect(index, f).toContain(`./${f.replace(/\.ts$/, '.js')}`);
    const api = await import('./index.js');
    expect(Object.keys(api).sort()).toEqual(
      ['PlotError', 'VEGA_LITE_SCHEMA', 'barChart', 'binValues', 'contourSegments', 'decisionBoundary', 'density', 'heatmap', 'histogram', 'imageWithOverlay', 'kernelDensity', 'lossCurve', 'lossLandscape', 'metricCurves', 'smoothEma'].sort(),
    );
    const render = await import('./render/index.js');
    expect(Object.keys(render).sort()).toEqual(['compileSpec', 'heatmapPng', 'renderSvg']);
  });
});
