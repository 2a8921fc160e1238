import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type CliIo } from './cli.js';
import { renderReport } from './node/report.js';
import { runFile } from './node/run-file.js';
import { NOTEBOOKS } from './test-utils/notebooks.js';

const DOCS = path.join(NOTEBOOKS, 'observable');

async function runDoc(name: string): Promise<{ cells: Record<string, unknown>; errors: Record<string, string> }> {
  const { notebook } = await runFile(path.join(DOCS, name), { backend: 'cpu', cache: null, timeout: 30_000 });
  try {
    return notebook.result();
  } finally {
    notebook.dispose();
  }
}

describe('small documents in Observable and Quarto dialects, run headless', () => {
  it('reactivity.md: multi-cell blocks, viewof, mutable, generators', async () => {
    const { cells, errors } = await runDoc('reactivity.md');
    expect(errors).toEqual({});
    expect([cells.a, cells.b, cells.c, cells.n, cells.count, cells.ticks]).toEqual([5, 25, 26, 4, 4, 3]);
  });

  it('stdlib.md: d3, Plot marks, vl, Generators, Promises, tex, now, width', async () => {
    const { cells, errors } = await runDoc('stdlib.md');
    expect(errors).toEqual({});
    expect(cells.extent).toEqual([0, 16]);
    expect(cells.evens).toEqual([0, 2, 4]);
    expect(cells.w).toBe(640);
  });

  it('files.md: FileAttachment csv/tsv typed, json, text; a missing file names the folder', async () => {
    const { cells, errors } = await runDoc('files.md');
    expect(errors).toEqual({});
    expect((cells.penguins as unknown[]).length).toBe(4);
    expect(cells.missing).toBe(`FileAttachment: data/nowhere.csv not found in ${DOCS}`);
  });

  it('imports.md: cells of a local notebook, packages by import and require, remote URLs refused', async () => {
    const { cells, errors } = await runDoc('imports.md');
    expect(errors).toEqual({});
    expect([cells.nine, cells.biggest, cells.total, cells.doubled]).toEqual([9, 5, 6, 14]);
    expect(cells.offline).toMatch(/^require\("https:\/\/cdn.example.com\/d3.js"\): a remote URL, and Gradbook fetches nothing/);
  });

  it('plots.md: Observable Plot, svg, html, Inputs.table and d3 DOM cells run headless', async () => {
    const { cells, errors } = await runDoc('plots.md');
    expect(errors).toEqual({});
    expect((cells.rows as unknown[]).length).toBe(5);
  });

  it("plots.md: the report shows Plot's SVG inline", async () => {
    const { definition, notebook } = await runFile(path.join(DOCS, 'plots.md'), { backend: 'cpu', cache: null, timeout: 30_000 });
    try {
      const html = await renderReport(definition, notebook);
      const plots = html.match(/<div class="plot"><svg[\s\S]*?<\/svg><\/div>/g) ?? [];
      expect(plots.length).toBeGreaterThanOrEqual(3);
      expect((plots[0].match(/<circle/g) ?? []).length).toBe(20);
      expect(html).not.toContain('<b><world>');
    } finally {
      notebook.dispose();
    }
  });

  it("penguins.qmd: Quarto's OJS introduction in shape: a file, inputs in a panel, a filter, a faceted Plot, a table", async () => {
    const { cells, errors } = await runDoc('penguins.qmd');
    expect(errors).toEqual({});
    expect((cells.filtered as unknown[]).length).toBe(3);
  });

  it('quarto-fences.qmd: only {ojs} runs, js is shown', async () => {
    const { cells, errors } = await runDoc('quarto-fences.qmd');
    expect(errors).toEqual({});
    expect(cells.y).toBe(25);
    expect('boom' in cells).toBe(false);
  });

  it('a Framework page fails with one message naming the dialect', async () => {
    await expect(runFile(path.join(NOTEBOOKS, 'framework-page.md'), { backend: 'cpu', cache: null })).rejects.toThrow(/Observable Framework's dialect/);
  });

  it('gradbook test runs every .md and .qmd document of the folder', async () => {
    let stdout = '';
    const io: CliIo = { stdout: (s) => void (stdout += s), stderr: () => undefined, isTTY: false };
    const code = await main(['test', DOCS, '--backend', 'cpu'], io);
    expect(stdout).toMatch(/ok {3}.*quarto-fences\.qmd/);
    expect(stdout).toMatch(/ok {3}.*reactivity\.md/);
    expect(code).toBe(0);
  });
});
