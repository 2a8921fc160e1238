// Shared parts of the browser end-to-end tests: a build of apps/notebook (reused when it is current),
// a copy of it with the test fixtures added to its notebook list, served on 127.0.0.1, and Debian's
// Chromium driven by playwright-core. Never a downloaded browser.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { serveApp } from '../../apps/notebook/scripts/server.mjs';

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

interface IndexEntry {
  id: string;
  file: string;
  title: string;
}

/** The notebooks the app should list: every `*.md` of notebooks/ but README.md. */
export function notebookFiles(): string[] {
  if (!existsSync(notebooksDir)) return [];
  return readdirSync(notebooksDir)
    .filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md')
    .sort();
}

function builtIndex(): IndexEntry[] | null {
  const file = path.join(distDir, 'notebooks', 'index.json');
  if (!existsSync(path.join(distDir, 'index.html')) || !existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as IndexEntry[];
}

/**
 * Reuses apps/notebook/dist when turbo built it with the current notebooks (same files, same
 * text), else builds it with Vite (bounded to 5 minutes).
 */
export function ensureBuild(): void {
  const index = builtIndex();
  const current =
    index !== null &&
    index.map((n) => n.file).join('\n') === notebookFiles().join('\n') &&
    index.every((n) => readFileSync(path.join(distDir, 'notebooks', n.file), 'utf8') === readFileSync(path.join(notebooksDir, n.file), 'utf8'));
  if (current) return;
  const vite = path.join(repo, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: appDir, stdio: 'inherit', timeout: 300_000 });
  if (result.status !== 0) throw new Error(`vite build of apps/notebook failed (status ${result.status}, ${result.signal ?? 'no signal'})`);
}

/** A copy of the build with the fixture notebooks added to its list, in a temporary folder. */
export function siteWithFixtures(): string {
  const site = mkdtempSync(path.join(os.tmpdir(), 'gradbook-e2e-'));
  cpSync(distDir, site, { recursive: true });
  const index = JSON.parse(readFileSync(path.join(site, 'notebooks', 'index.json'), 'utf8')) as IndexEntry[];
  for (const file of readdirSync(fixturesDir).filter((f) => f.endsWith('.md'))) {
    const text = readFileSync(path.join(fixturesDir, file), 'utf8');
    writeFileSync(path.join(site, 'notebooks', file), text);
    const title = /^title:\s*"?(.*?)"?\s*$/m.exec(text)?.[1] ?? file;
    index.push({ id: file.slice(0, -3), file, title });
  }
  writeFileSync(path.join(site, 'notebooks', 'index.json'), JSON.stringify(index));
  return site;
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serves a site folder on 127.0.0.1, on a free port. */
export async function serve(root: string): Promise<Served> {
  return serveApp({ root, port: 0 });
}

/** Debian's Chromium (or CHROMIUM_PATH), headless. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}; install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 60_000 });
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
