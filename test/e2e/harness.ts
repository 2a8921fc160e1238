// Shared parts of the browser end-to-end tests: a build of apps/notebook, `gradbook preview` of a
// temporary folder holding the notebooks and the test fixtures, a plain static server for built
// sites, and Debian's Chromium driven by playwright-core. Never a downloaded browser.
import { spawnSync } from 'node:child_process';
import { cpSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startPreview } from '@gradbook/cli';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const appDir = path.join(repo, 'apps', 'notebook');
export const distDir = path.join(appDir, 'dist');
export const notebooksDir = path.join(repo, 'notebooks');
export const fixturesDir = path.join(repo, 'test', 'e2e', 'fixtures');
export const artifactsDir = path.join(repo, 'test', 'e2e', 'artifacts');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/** The notebooks the app should list: every `*.md` of notebooks/ but README.md. */
export function notebookFiles(): string[] {
  if (!existsSync(notebooksDir)) return [];
  return readdirSync(notebooksDir)
    .filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md')
    .sort();
}

/** Builds apps/notebook with Vite (bounded to 5 minutes) unless turbo already has. */
export function ensureBuild(): void {
  if (existsSync(path.join(distDir, 'index.html')) && existsSync(path.join(distDir, 'tfjs-wasm'))) return;
  const vite = path.join(repo, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: appDir, stdio: 'inherit', timeout: 300_000 });
  if (result.status !== 0) throw new Error(`vite build of apps/notebook failed (status ${result.status}, ${result.signal ?? 'no signal'})`);
}

/** A temporary folder outside the repository with copies of notebooks/*.md and the test fixtures. */
export function folderWithFixtures(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gradbook-e2e-'));
  for (const file of notebookFiles()) cpSync(path.join(notebooksDir, file), path.join(dir, file));
  for (const file of readdirSync(fixturesDir).filter((f) => f.endsWith('.md'))) cpSync(path.join(fixturesDir, file), path.join(dir, file));
  return dir;
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** `gradbook preview` of a folder on 127.0.0.1, on a free port, serving apps/notebook/dist. */
export async function preview(folder: string, options: { readOnly?: boolean } = {}): Promise<Served & { token: string }> {
  return startPreview({ path: folder, appDir: distDir, port: 0, ...options });
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.md': 'text/markdown', '.svg': 'image/svg+xml' };

/**
 * A plain static file server, as a host of a built site would be: the files of `root` under
 * `prefix` (e.g. `/course/`), `index.html` for a folder, nothing else (no Gradbook routes, no
 * special headers).
 */
export async function serveStatic(root: string, prefix = '/'): Promise<Served> {
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent((req.url ?? '/').split('?')[0]);
    if (!pathname.startsWith(prefix) || pathname.split('/').includes('..')) return void res.writeHead(404).end();
    let file = path.join(root, pathname.slice(prefix.length));
    if (pathname.endsWith('/')) file = path.join(file, 'index.html');
    if (!existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Debian's Chromium (or CHROMIUM_PATH), headless. */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}; install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, ...extraArgs], timeout: 60_000 });
}

/** A page that records console errors, uncaught errors and any request that leaves the server. */
export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  errors: string[];
  external: string[];
}

export async function openPage(browser: Browser, origin: string): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const errors: string[] = [];
  const external: string[] = [];
  page.on('console', (m) => {
    // A built site has no api/: the app asks for api/session, gets a 404 and stays read-only.
    if (m.type() === 'error' && !(/status of 404/.test(m.text()) && /\/api\/session$/.test(m.location().url))) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) external.push(url);
  });
  return { context, page, errors, external };
}

/** Saves a full-page screenshot as a test artifact (test/e2e/artifacts/, not committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true, timeout: 20_000 });
}

/** Every cell's name, status and shown text. */
export async function cellStates(page: Page): Promise<{ cell: string; status: string; text: string }[]> {
  return page.$$eval('section.gb-cell[data-cell]', (els) =>
    els.map((e) => ({
      cell: (e as HTMLElement).dataset.cell ?? '',
      status: (e as HTMLElement).dataset.status ?? '',
      text: (e.querySelector('.gb-output')?.textContent ?? '').trim().slice(0, 300),
    })),
  );
}

export function removeSite(site: string): void {
  rmSync(site, { recursive: true, force: true });
}
