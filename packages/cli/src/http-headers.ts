import path from 'node:path';

/**
 * Everything from this origin only. Cells are compiled with `new Function` and Vega compiles its
 * expressions the same way ('unsafe-eval'); Observable Inputs' templates set event handlers through
 * attributes ('unsafe-inline'). Link values are never inserted as HTML, so these do not open a door.
 * Cross-origin isolated, TensorFlow.js's threaded WebAssembly starts its workers from `blob:`
 * scripts (`importScripts`), hence `blob:` in script-src; only this origin's code can make one.
 */
export const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self' blob: 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

/**
 * The headers of every preview response: the CSP, cross-origin isolation (COOP `same-origin`, COEP
 * `require-corp`; every asset is same-origin), resources for this origin only, no sniffing, no
 * referrer, and no caching (files change under the server).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CSP_DIRECTIVES.join('; '),
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

const TYPES: Record<string, string> = {
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
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** The content type of a file by its extension (binary when unknown, as MNIST's IDX files are). */
export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
