// Helpers of the preview server's tests: a temporary folder of notebooks outside the repository, a
// stand-in for the built app, and raw HTTP requests (paths sent as written, any Host or Origin).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPreview, type Preview, type PreviewOptions } from '../preview-server.js';

export interface Fixture {
  dir: string;
  app: string;
  preview: Preview;
  /** Sends a request to the preview with its Host (unless `headers.host` says otherwise). */
  send(method: string, urlPath: string, options?: { headers?: Record<string, string>; body?: string | Buffer }): Promise<Reply>;
  /** The same with the session token and this server's Origin, as the app sends writes. */
  write(method: string, urlPath: string, body: string | Buffer, headers?: Record<string, string>): Promise<Reply>;
  close(): Promise<void>;
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): any;
}

export const GD = '---\ntitle: Gradient descent\ndescription: A step size to move.\n---\n\nProse.\n\n```js\nlr = 0.1\n```\n';

/** Writes files (relative path → text) under a new temporary folder. */
export function tempFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gradbook-preview-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

export function rawRequest(port: number, method: string, urlPath: string, options: { headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path: urlPath, headers: { host: `127.0.0.1:${port}`, ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A preview of a temporary folder with `files`, on a free port, serving a stand-in app. */
export async function previewOf(files: Record<string, string>, options: Omit<PreviewOptions, 'path' | 'appDir' | 'port'> & { path?: string } = {}): Promise<Fixture> {
  const dir = tempFolder(files);
  const app = mkdtempSync(path.join(tmpdir(), 'gradbook-app-'));
  writeFileSync(path.join(app, 'index.html'), '<!doctype html><title>app</title>');
  const preview = await startPreview({ debounceMs: 30, ...options, path: options.path ? path.join(dir, options.path) : dir, appDir: app, port: 0 });
  const send: Fixture['send'] = (method, urlPath, o) => rawRequest(preview.port, method, urlPath, o);
  return {
    dir,
    app,
    preview,
    send,
    write: (method, urlPath, body, headers = {}) =>
      send(method, urlPath, { body, headers: { origin: `http://127.0.0.1:${preview.port}`, 'x-gradbook-token': preview.token, ...headers } }),
    async close() {
      await preview.close();
      rmSync(dir, { recursive: true, force: true });
      rmSync(app, { recursive: true, force: true });
    },
  };
}
