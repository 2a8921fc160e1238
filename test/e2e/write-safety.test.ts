// The preview server is the only writer of notebook files, and only for the page it served: in real
// Chromium, a page of another site cannot write (neither with a preflighted PUT nor with a "simple"
// request that needs none), a page of the preview's own origin cannot write without the session
// token, and a page reached through another host name that resolves to 127.0.0.1 (DNS rebinding)
// is refused outright.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ensureBuild, launchChromium, preview, serveStatic, type Served } from './harness.js';

const NOTEBOOK = '---\ntitle: Safe\n---\n```js\nx = 1\n```\n';
let browser: Browser;
let dir: string;
let server: Served & { token: string };
let site: Served;
let siteDir: string;

beforeAll(async () => {
  ensureBuild();
  browser = await launchChromium(['--host-resolver-rules=MAP rebind.test 127.0.0.1']);
  dir = mkdtempSync(path.join(os.tmpdir(), 'gradbook-safety-'));
  writeFileSync(path.join(dir, 'safe.md'), NOTEBOOK);
  server = await preview(dir);
  siteDir = mkdtempSync(path.join(os.tmpdir(), 'gradbook-foreign-'));
  writeFileSync(path.join(siteDir, 'index.html'), '<!doctype html><title>another site</title><p>hello</p>');
  site = await serveStatic(siteDir);
}, 360_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await site?.close();
  for (const d of [dir, siteDir]) if (d) rmSync(d, { recursive: true, force: true });
});

const unchanged = () => expect(readFileSync(path.join(dir, 'safe.md'), 'utf8')).toBe(NOTEBOOK);

describe('writes to notebook files from a browser', () => {
  it('a page of another site cannot write or create a notebook, with or without a preflight', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(site.url);
    const target = server.url;
    const results = await page.evaluate(async (base) => {
      const out: string[] = [];
      const attempt = async (label: string, url: string, init: RequestInit) => {
        try {
          const r = await fetch(url, init);
          out.push(`${label}: ${r.type} ${r.status}`);
        } catch (error) {
          out.push(`${label}: blocked (${(error as Error).name})`);
        }
      };
      // Preflighted: a custom header and PUT.
      await attempt('put', `${base}api/notebooks/safe.md`, { method: 'PUT', body: 'evil', headers: { 'X-Gradbook-Token': 'guess', 'If-Match': '*' } });
      // Simple requests, which the browser sends without asking: the server must refuse them itself.
      await attempt('post', `${base}api/notebooks`, { method: 'POST', mode: 'no-cors', body: JSON.stringify({ file: 'evil.md', source: 'evil' }), headers: { 'Content-Type': 'text/plain' } });
      await attempt('session', `${base}api/session`, {});
      return out;
    }, target);
    expect(results[0]).toMatch(/^put: blocked/);
    // no-cors hides the status (opaque); the file system says what happened.
    expect(results[1]).toMatch(/^post: (opaque 0|blocked)/);
    // The token is not readable from another origin.
    expect(results[2]).toMatch(/^session: blocked/);
    unchanged();
    expect(existsSync(path.join(dir, 'evil.md'))).toBe(false);
    await context.close();
  });

  it('a page of the preview itself cannot write without the session token', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    const statuses = await page.evaluate(async () => {
      const put = await fetch('api/notebooks/safe.md', { method: 'PUT', body: 'evil', headers: { 'If-Match': '*' } });
      const wrong = await fetch('api/notebooks/safe.md', { method: 'PUT', body: 'evil', headers: { 'If-Match': '*', 'X-Gradbook-Token': 'not-the-token' } });
      const post = await fetch('api/notebooks', { method: 'POST', body: JSON.stringify({ file: 'evil.md', source: 'evil' }), headers: { 'Content-Type': 'application/json' } });
      return [put.status, wrong.status, post.status];
    });
    expect(statuses).toEqual([403, 403, 403]);
    unchanged();
    expect(existsSync(path.join(dir, 'evil.md'))).toBe(false);
    // With the token it can: the same page, the same request.
    const ok = await page.evaluate(async () => {
      const { token } = await (await fetch('api/session')).json();
      const r = await fetch('api/notebooks/safe.md', { method: 'PUT', body: '---\ntitle: Safe\n---\n```js\nx = 2\n```\n', headers: { 'If-Match': '*', 'X-Gradbook-Token': token } });
      return r.status;
    });
    expect(ok).toBe(200);
    expect(readFileSync(path.join(dir, 'safe.md'), 'utf8')).toContain('x = 2');
    writeFileSync(path.join(dir, 'safe.md'), NOTEBOOK);
    await context.close();
  });

  it('a page reached through another host name for 127.0.0.1 (DNS rebinding) is refused', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const rebound = server.url.replace('127.0.0.1', 'rebind.test');
    const response = await page.goto(rebound);
    expect(response?.status()).toBe(403);
    const statuses = await page.evaluate(async () => {
      const session = await fetch('api/session');
      const put = await fetch('api/notebooks/safe.md', { method: 'PUT', body: 'evil', headers: { 'If-Match': '*', 'X-Gradbook-Token': 'x' } });
      return [session.status, put.status];
    });
    expect(statuses).toEqual([403, 403]);
    unchanged();
    await context.close();
  });
});
