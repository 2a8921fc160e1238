// Every notebook of notebooks/ opens in the app and ends without a cell in error, with its
// `test:` front-matter overrides applied (the app's `test=1` link flag) so that CI stays small.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { cellStates, ensureBuild, launchChromium, notebookFiles, openPage, screenshot, serve, distDir, type Served } from './harness.js';

const files = notebookFiles();
let server: Served;
let browser: Browser;

beforeAll(async () => {
  ensureBuild();
  server = await serve(distDir);
  browser = await launchChromium();
}, 360_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('every notebook in notebooks/', () => {
  it('is listed by the app', async () => {
    const { context, page } = await openPage(browser, server.url);
    try {
      await page.goto(server.url);
      await page.locator('[data-testid=notebook-list] a').first().waitFor();
      const ids = await page.locator('[data-testid=notebook-list] a').evaluateAll((as) => as.map((a) => (a as HTMLElement).dataset.notebook));
      expect(ids).toEqual(files.map((f) => f.slice(0, -3)));
    } finally {
      await context.close();
    }
  });

  for (const file of files) {
    const id = file.slice(0, -3);
    it(`${file} runs in the browser with its test overrides and no cell ends in an error`, async () => {
      const { context, page, errors, external } = await openPage(browser, server.url);
      try {
        await page.goto(`${server.url}?nb=${encodeURIComponent(id)}&test=1&backend=wasm`);
        await page.waitForSelector('body[data-ready=true]', { timeout: 60_000 });
        const settled = await page
          .waitForSelector('body[data-settled=true]', { timeout: 100_000 })
          .then(() => true)
          .catch(() => false);
        const cells = await cellStates(page);
        await screenshot(page, `notebook-${id}`);
        const failed = cells.filter((c) => c.status === 'error').map((c) => `${c.cell}: ${c.text}`);
        expect(failed).toEqual([]);
        expect(settled ? [] : cells.filter((c) => c.status !== 'fresh').map((c) => `${c.cell} still ${c.status}`)).toEqual([]);
        expect(cells.length).toBeGreaterThan(0);
        expect(errors).toEqual([]);
        expect(external).toEqual([]);
      } finally {
        await context.close();
      }
    }, 150_000);
  }
});
