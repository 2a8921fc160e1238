// A small static server for the built app, on the loopback interface only: the files of dist/,
// plus /mnist/ and /tfjs-wasm/ from their packages (see assets.mjs). No request leaves the
// machine: the page's Content-Security-Policy allows connections to this origin only.
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extraRoutes, sendFile } from './assets.mjs';

/** The built app. */
export const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/**
 * Everything from this origin only. Cells are compiled with `new Function` and Vega compiles its
 * expressions the same way ('unsafe-eval'); Observable Inputs' templates set event handlers through
 * attributes ('unsafe-inline'). Link values are never inserted as HTML, so these do not open a door.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function listen(server, host, port) {
  return new Promise((resolve, reject) => {
    const onError = (error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(server.address().port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * Serves the built app on `host:port`; when the port is taken, the next ones (up to `tries`),
 * then any free port.
 *
 * @param options - `root` (dist/), `host` ('127.0.0.1'), `port` (4178; 0 for any free port),
 *   `tries` (20).
 * @returns `{ url, port, close() }`.
 */
export async function serveApp({ root = distDir, host = '127.0.0.1', port = 4178, tries = 20 } = {}) {
  const routes = extraRoutes();
  const rootDir = path.resolve(root);
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (pathname.includes('\0')) {
      res.writeHead(400).end();
      return;
    }
    if (routes(req, res, pathname)) return;
    const file = path.resolve(rootDir, '.' + (pathname.endsWith('/') ? pathname + 'index.html' : pathname));
    if (file !== rootDir && !file.startsWith(rootDir + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    if (file.endsWith('.html')) res.setHeader('Content-Security-Policy', CSP);
    if (!sendFile(req, res, file)) res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
  });
  server.keepAliveTimeout = 1000;
  let bound;
  for (let attempt = 0; ; attempt++) {
    const candidate = port === 0 || attempt >= tries ? 0 : port + attempt;
    try {
      bound = await listen(server, host, candidate);
      break;
    } catch (error) {
      if (error.code !== 'EADDRINUSE' || candidate === 0) throw error;
    }
  }
  return {
    url: `http://${host}:${bound}/`,
    port: bound,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
