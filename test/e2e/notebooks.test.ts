// Every notebook of notebooks/ works from a site written by `gradbook build`, served by a plain
// static file server under a sub-path (/course/), as a course would be published: it is listed with
// its title, opens, and ends without a cell in error, with its `test:` front-matter overrides
// applied (the app's `test=1` link flag) so that CI stays small.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildSite } from '@gradbook/cli';
import { cellStates, distDir, ensureBuild, launchChromium, notebookFiles, notebooksDir, openPage, removeSite, screenshot, serveStatic, type Served } from './harness.js';

const files = notebookFiles();
let site: string;
let server: Served;
let browser: Browser;

beforeAll(async () => {
  ensureBuild();
  site = path.join(mkdtempSync(path.join(os.tmpdir(), 'gradbook-site-')), 'site');
  const { errors } = await buildSite({ path: notebooksDir, out: site, appDir: distDir });
  expect(errors).toEqual([]);
  server = await serveStatic(site, '/course/');
  browser = await launchChromium();
}, 360_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (site) removeSite(path.dirname(site));
});

describe('every notebook in notebooks/, from a built site under a sub-path', () => {
  it('is listed by the app with its title', async () => {
    const { context, page, errors, external } = await openPage(browser, server.url);
    try {
      await page.goto(server.url);
      await page.locator('[data-testid=notebook-list] a').first().waitFor();
      const ids = await page.locator('[data-testid=notebook-list] a').evaluateAll((as) => as.map((a) => (a as HTMLElement).dataset.notebook));
      expect(ids).toEqual(files.map((f) => f.slice(0, -3)));
      const index = JSON.parse(readFileSync(path.join(site, 'notebooks', 'index.json'), 'utf8')) as { title: string; description: string }[];
      expect(await page.locator('[data-testid=notebook-list] a').allTextContents()).toEqual(index.map((n) => n.title));
      expect(index.every((n) => n.description.length > 0)).toBe(true);
      expect(errors.filter((e) => !/^Failed to load resource: the server responded with a status of 404/.test(e))).toEqual([]);
      expect(external).toEqual([]);
    } finally {
      await context.close();
    }
  });

  for (const file of files) {
    const id = file.slice(0, -3);
    it(`${file} runs in the browser with its test overrides and no cell ends in an error`, async () => {
      const { context, page, errors, external } = await openPage(browser, server.url);
      const missing: string[] = [];
      page.on('response', (r) => {
        if (r.status() >= 400 && !/\/api\/(session|events)$/.test(r.url())) missing.push(`${r.status()} ${r.url()}`);
      });
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
        // A static site has no api/ (the app reads that as read-only); nothing else may be missing.
        expect(missing).toEqual([]);
        expect(errors.filter((e) => !/^Failed to load resource: the server responded with a status of 404/.test(e))).toEqual([]);
        expect(external).toEqual([]);
      } finally {
        await context.close();
      }
    }, 150_000);
  }
});
