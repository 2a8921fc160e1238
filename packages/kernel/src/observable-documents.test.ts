import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type CliIo } from './cli.js';
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
