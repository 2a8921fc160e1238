// Writing a notebook in the browser, against a preview server over a temporary folder outside the
// repository: the keyboard in a cell's editor, saving back to the file byte for byte, an edit on
// disk reaching the open page while an unrelated training run keeps going, a refused conflicting
// save, asking before leaving with unsaved changes, a file that stops compiling, adding cells,
// creating a notebook, and reading a notebook's cell options.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureBuild, fixturesDir, launchChromium, openPage, preview, screenshot, type WatchedPage } from './harness.js';

let browser: Browser;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  ensureBuild();
  browser = await launchChromium();
}, 360_000);

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

afterAll(async () => {
  await browser?.close();
});

const FIXTURES = ['e2e-edit.md', 'e2e-options.md'];

/** A fresh folder with the fixtures, served; a page opened on `query`. */
async function open(query: string, options: { readOnly?: boolean } = {}): Promise<WatchedPage & { dir: string; url: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gradbook-edit-'));
  for (const f of FIXTURES) cpSync(path.join(fixturesDir, f), path.join(dir, f));
  const server = await preview(dir, options);
  const watched = await openPage(browser, server.url);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => server.close(), () => watched.context.close().catch(() => undefined));
  await watched.page.goto(server.url + query);
  return { ...watched, dir, url: server.url };
}

const cell = (page: Page, name: string) => page.locator(`.gb-cell[data-cell="${name}"]`);
const output = (page: Page, name: string) => cell(page, name).locator('.gb-output');
const step = (page: Page): Promise<number> => page.evaluate(() => Number(document.querySelector<HTMLElement>('.gb-cell[data-cell="run"] .gb-train')?.dataset.step ?? 0));
const runStarts = (page: Page): Promise<number> => page.evaluate(() => (globalThis as { __e2eRunStarts?: number }).__e2eRunStarts ?? 0);

/** Replaces a cell's source by typing: select all in its editor, then type. */
async function typeInto(page: Page, name: string, text: string): Promise<void> {
  const editor = cell(page, name).locator('.cm-content');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text);
}

async function training(page: Page): Promise<void> {
  await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('.gb-cell[data-cell="run"] .gb-train')?.dataset.step ?? 0) > 5, null, { timeout: 60_000 });
}

describe('writing a notebook in the browser', () => {
  it('typing into a cell and Shift-Enter recomputes its dependents; Ctrl-S writes only that cell into the file', async () => {
    const { page, errors, dir } = await open('?nb=e2e-edit');
    const original = readFileSync(path.join(dir, 'e2e-edit.md'), 'utf8');
    await expect.poll(() => output(page, 'b').textContent(), { timeout: 30_000 }).toBe('20');
    await training(page);
    const runComputations = await cell(page, 'run').getAttribute('data-computations');
    await typeInto(page, 'a', 'a = 3');
    await expect.poll(() => page.locator('[data-testid=save-state]').textContent()).toContain('unsaved');
    expect(await cell(page, 'a').getAttribute('data-dirty')).toBe('true');
    await page.keyboard.press('Shift+Enter');
    await expect.poll(() => output(page, 'b').textContent(), { timeout: 10_000 }).toBe('30');
    expect(await cell(page, 'run').getAttribute('data-computations')).toBe(runComputations);
    await screenshot(page, 'edit-typed');

    await page.keyboard.press('ControlOrMeta+s');
    await expect.poll(() => page.locator('[data-testid=save-state]').textContent(), { timeout: 10_000 }).toMatch(/^saved/);
    const saved = readFileSync(path.join(dir, 'e2e-edit.md'), 'utf8');
    expect(saved).toBe(original.replace('```js\na = 2\n```', '```js\na = 3\n```'));
    expect(await cell(page, 'a').getAttribute('data-dirty')).toBeNull();
    expect(errors).toEqual([]);
  });

  it('a syntax error stays in its cell with line and column', async () => {
    const { page, errors } = await open('?nb=e2e-edit');
    await expect.poll(() => output(page, 'b').textContent(), { timeout: 30_000 }).toBe('20');
    await typeInto(page, 'b', 'b = a *');
    await page.keyboard.press('Shift+Enter');
    await expect.poll(() => cell(page, 'b').getAttribute('data-status')).toBe('error');
    expect(await output(page, 'b').textContent()).toMatch(/line \d+, column \d+/);
    expect(await cell(page, 'a').getAttribute('data-status')).toBe('fresh');
    expect(errors).toEqual([]);
  });

  it('an edit on disk updates the open page without a reload, and the unrelated training run keeps its run', async () => {
    const { page, errors, dir } = await open('?nb=e2e-edit');
    await training(page);
    await page.evaluate(() => ((globalThis as { __samePage?: boolean }).__samePage = true));
    const starts = await runStarts(page);
    expect(starts).toBe(1);
    const computations = await cell(page, 'run').getAttribute('data-computations');
    const file = path.join(dir, 'e2e-edit.md');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('b = a * 10', 'b = a * 100').replace('Intro prose that stays as it is.', 'Intro prose, changed on disk.'));
    const before = await step(page);
    await expect.poll(() => output(page, 'b').textContent(), { timeout: 10_000 }).toBe('200');
    await expect.poll(() => page.locator('.gb-prose').first().textContent()).toContain('Intro prose, changed on disk.');
    // The run was not restarted: the same computation, its step counter still rising.
    await expect.poll(() => step(page), { timeout: 10_000 }).toBeGreaterThan(before + 5);
    expect(await runStarts(page)).toBe(starts);
    expect(await cell(page, 'run').getAttribute('data-computations')).toBe(computations);
    expect(await cell(page, 'run').getAttribute('data-status')).toBe('running');
    expect(await page.evaluate(() => (globalThis as { __samePage?: boolean }).__samePage)).toBe(true);
    expect(await page.locator('[data-testid=save-state]').textContent()).toBe('saved');
    await screenshot(page, 'edit-on-disk');

    // Bad front matter: the error at the top, the cells kept; fixed, it recovers.
    writeFileSync(file, text.replace('seed: 1', 'seed: [not, a, number'));
    await page.locator('[data-testid=file-error]').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-testid=file-error]').textContent()).toContain('does not compile');
    expect(await output(page, 'b').textContent()).toBe('200');
    await screenshot(page, 'file-error');
    writeFileSync(file, text.replace('b = a * 10', 'b = a * 7'));
    await expect.poll(() => output(page, 'b').textContent(), { timeout: 10_000 }).toBe('14');
    expect(await page.locator('[data-testid=file-error]').count()).toBe(0);
    expect(await runStarts(page)).toBe(starts);
    expect(errors).toEqual([]);
  });

  it('a new seed or title in the front matter on disk restarts the run and retitles the page', async () => {
    const { page, errors, dir } = await open('?nb=e2e-edit');
    await training(page);
    expect(await runStarts(page)).toBe(1);
    const file = path.join(dir, 'e2e-edit.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('seed: 1', 'seed: 2').replace('fixture: editing', 'fixture: edited'));
    await expect.poll(() => page.locator('.gb-bar-title').textContent(), { timeout: 10_000 }).toBe('End-to-end fixture: edited');
    await expect.poll(() => runStarts(page), { timeout: 20_000 }).toBe(2);
    await training(page);
    expect(await output(page, 'b').textContent()).toBe('20');
    expect(errors).toEqual([]);
  });

  it('more new cells than spare kernel slots: the run starts again with all of them', async () => {
    const { page, errors, dir } = await open('?nb=e2e-edit');
    await training(page);
    const file = path.join(dir, 'e2e-edit.md');
    const extra = Array.from({ length: 17 }, (_, i) => `\n\`\`\`js\nc${i} = a + ${i}\n\`\`\`\n`).join('');
    writeFileSync(file, readFileSync(file, 'utf8') + extra);
    await expect.poll(() => output(page, 'c16').textContent(), { timeout: 20_000 }).toBe('18');
    expect(await output(page, 'c0').textContent()).toBe('2');
    expect(await runStarts(page)).toBe(2);
    expect(errors).toEqual([]);
  });

  it('a save that would overwrite a change on disk is refused with a choice', async () => {
    const { page, errors, dir } = await open('?nb=e2e-edit');
    await expect.poll(() => output(page, 'b').textContent(), { timeout: 30_000 }).toBe('20');
    await typeInto(page, 'a', 'a = 4');
    const file = path.join(dir, 'e2e-edit.md');
    const onDisk = readFileSync(file, 'utf8').replace('Intro prose', 'Prose edited elsewhere');
    writeFileSync(file, onDisk);
    await page.locator('[data-testid=disk-changed]').waitFor({ timeout: 10_000 });
    await page.click('[data-testid=save]');
    const dialog = page.locator('[data-testid=save-conflict]');
    await dialog.waitFor({ timeout: 10_000 });
    expect(await dialog.textContent()).toContain('changed on disk since this page loaded it');
    expect(readFileSync(file, 'utf8')).toBe(onDisk);
    await screenshot(page, 'save-conflict');
    // Reload takes the file's version; the page's edit is dropped.
    await page.click('[data-testid=conflict-reload]');
    await expect.poll(() => page.locator('.gb-prose').first().textContent()).toContain('Prose edited elsewhere');
    await expect.poll(() => output(page, 'b').textContent()).toBe('20');
    expect(await cell(page, 'a').locator('.cm-content').textContent()).toBe('a = 2');
    expect(await page.locator('[data-testid=save-state]').textContent()).toBe('saved');

    // Again, choosing to overwrite: the page's version is written.
    await typeInto(page, 'a', 'a = 5');
    writeFileSync(file, onDisk.replace('stays', 'really stays'));
    await page.locator('[data-testid=disk-changed]').waitFor({ timeout: 10_000 });
    await page.keyboard.press('ControlOrMeta+s');
    await page.click('[data-testid=conflict-overwrite]');
    await expect.poll(() => page.locator('[data-testid=save-state]').textContent()).toMatch(/^saved/);
    expect(readFileSync(file, 'utf8')).toBe(onDisk.replace('a = 2', 'a = 5'));
    // The two refused saves are the server's 409s; nothing else went wrong.
    expect(errors.filter((e) => /status of 409/.test(e))).toHaveLength(2);
    expect(errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
  });

  it('a notebook deleted on disk stays on the page, and saving asks before writing it again', async () => {
    const { page, errors, dir } = await open('?nb=e2e-edit');
    await expect.poll(() => output(page, 'b').textContent(), { timeout: 30_000 }).toBe('20');
    const file = path.join(dir, 'e2e-edit.md');
    const text = readFileSync(file, 'utf8');
    rmSync(file);
    await page.locator('[data-testid=file-gone]').waitFor({ timeout: 10_000 });
    await typeInto(page, 'a', 'a = 8');
    await page.keyboard.press('ControlOrMeta+s');
    await page.click('[data-testid=conflict-overwrite]');
    await expect.poll(() => page.locator('[data-testid=save-state]').textContent(), { timeout: 10_000 }).toMatch(/^saved/);
    expect(readFileSync(file, 'utf8')).toBe(text.replace('a = 2', 'a = 8'));
    await expect.poll(() => page.locator('[data-testid=file-gone]').count(), { timeout: 10_000 }).toBe(0);
    expect(errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
  });

  it('leaving the page with unsaved changes asks first', async () => {
    const { page } = await open('?nb=e2e-edit');
    await expect.poll(() => output(page, 'b').textContent(), { timeout: 30_000 }).toBe('20');
    await typeInto(page, 'a', 'a = 6');
    const asked = new Promise<string>((resolve) => page.once('dialog', (d) => (resolve(d.type()), void d.dismiss())));
    await page.click('.gb-home').catch(() => undefined);
    expect(await asked).toBe('beforeunload');
    // Still here, with the edit.
    expect(new URL(page.url()).searchParams.get('nb')).toBe('e2e-edit');
    expect(await cell(page, 'a').locator('.cm-content').textContent()).toBe('a = 6');
  });

  it('adds, moves and deletes cells and edits prose; the saved file has them', async () => {
    const { page, errors, dir } = await open('?nb=e2e-edit');
    await training(page);
    const starts = await runStarts(page);
    expect(starts).toBe(1);
    await cell(page, 'b').locator('[data-testid=add-below]').click();
    await page.keyboard.type('c = b + 1');
    await page.keyboard.press('Shift+Enter');
    await expect.poll(() => output(page, 'c').textContent(), { timeout: 10_000 }).toBe('21');
    await cell(page, 'c').locator('[data-testid=move-up]').click();
    await page.locator('.gb-prose [data-testid=edit-prose]').first().click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type(' And one more sentence.');
    await page.keyboard.press('Shift+Enter');
    await expect.poll(() => page.locator('.gb-prose').first().textContent()).toContain('And one more sentence.');
    await page.click('[data-testid=save]');
    await expect.poll(() => page.locator('[data-testid=save-state]').textContent(), { timeout: 10_000 }).toMatch(/^saved/);
    const text = readFileSync(path.join(dir, 'e2e-edit.md'), 'utf8');
    expect(text).toContain('Intro prose that stays as it is. And one more sentence.\n\n```js\na = 2\n```\n\n```js\nc = b + 1\n```\n\n```js\nb = a * 10\n```');
    await cell(page, 'c').locator('[data-testid=delete]').click();
    await expect.poll(() => cell(page, 'c').count()).toBe(0);
    expect(await runStarts(page)).toBe(starts);
    expect(errors).toEqual([]);
  });

  it('creates a notebook from the list page, which then lists it', async () => {
    const { page, errors, dir } = await open('');
    await page.locator('[data-testid=notebook-list] a').first().waitFor();
    await screenshot(page, 'list-page');
    await page.fill('[data-testid=new-notebook] input', 'my course');
    await page.click('[data-testid=new-notebook] button');
    await page.waitForURL(/nb=my(%20| )course/);
    await expect.poll(() => output(page, 'x').textContent(), { timeout: 20_000 }).toBe('1');
    expect(readFileSync(path.join(dir, 'my course.md'), 'utf8')).toContain('```js\nx = 1\n```');
    // A file added on disk appears in an open list.
    await page.goto(new URL('./', page.url()).href);
    await page.locator('[data-testid=notebook-list] a').first().waitFor();
    writeFileSync(path.join(dir, 'later.md'), '# Added later\n');
    await page.locator('a[data-notebook="later"]').waitFor({ timeout: 10_000 });
    expect(errors).toEqual([]);
  });

  it('reads cell options: hidden source, hidden cell, folded source, the inputs panel and assert marks', async () => {
    const { page, errors } = await open('?nb=e2e-options', { readOnly: true });
    await page.waitForSelector('body[data-settled=true]', { timeout: 30_000 });
    expect(await page.locator('[data-testid=save-state]').textContent()).toBe('read-only');
    expect(await page.locator('.cm-content').count()).toBe(0);
    expect(await cell(page, 'shownNoSource').locator('.gb-source').isVisible()).toBe(false);
    expect(await output(page, 'shownNoSource').textContent()).toBe('4');
    expect(await cell(page, 'plumbing').isVisible()).toBe(false);
    expect(await output(page, 'folded').textContent()).toBe('7');
    expect(await cell(page, 'folded').locator('.gb-source').getAttribute('open')).toBeNull();
    expect(await page.locator('[data-testid=input-panel] .gb-cell[data-cell="k"]').count()).toBe(1);
    expect(await cell(page, 'claimHolds').getAttribute('data-assert')).toBe('pass');
    expect(await cell(page, 'claimHolds').locator('[data-testid=claim]').textContent()).toBe('✓holds: k 2 is below 5');
    expect(await cell(page, 'claimFails').getAttribute('data-assert')).toBe('fail');
    expect(await cell(page, 'claimFails').locator('[data-testid=claim]').textContent()).toBe('✗does not hold: k 2 is above 5');
    // The panel stays in view while the page scrolls.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    expect(await page.locator('[data-testid=input-panel]').isVisible()).toBe(true);
    await cell(page, 'k').locator('input[type=range]').fill('7');
    await expect.poll(() => cell(page, 'claimFails').getAttribute('data-assert')).toBe('pass');
    expect(await cell(page, 'claimHolds').getAttribute('data-assert')).toBe('fail');
    await screenshot(page, 'cell-options');
    expect(errors).toEqual([]);
  });
});
