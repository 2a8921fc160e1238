// A stand-in for `gradbook preview` while it is being built: the HTTP contract of the preview
// server (notebooks/index.json, notebooks/<file> with an ETag, api/session, PUT and POST of
// notebooks with the token and If-Match, api/events) over a folder, and the built app's files
// for everything else.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, statSync, watch, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { Served } from './harness.js';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml' };

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

function list(dir: string): { id: string; file: string; title: string; description: string }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md')
    .sort()
    .map((file) => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      return { id: file.slice(0, -3), file, title: /^title:\s*"?(.*?)"?\s*$/m.exec(text)?.[1] ?? file, description: '' };
    });
}

const body = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => resolve(text));
  });

export async function stubPreview(dir: string, distDir: string, options: { readOnly?: boolean } = {}): Promise<Served & { token: string }> {
  const token = randomBytes(16).toString('hex');
  const streams = new Set<ServerResponse>();
  const send = (event: string, data: unknown): void => {
    for (const s of streams) s.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const hashes = new Map<string, string>();
  const rescan = (): void => {
    const files = list(dir);
    let listChanged = files.length !== hashes.size;
    for (const { file } of files) {
      const hash = sha(readFileSync(path.join(dir, file), 'utf8'));
      if (!hashes.has(file)) listChanged = true;
      if (hashes.get(file) !== hash) {
        if (hashes.has(file)) send('file', { file, hash });
        hashes.set(file, hash);
      }
    }
    for (const file of [...hashes.keys()]) if (!files.some((f) => f.file === file)) hashes.delete(file);
    if (listChanged) send('list', files);
  };
  rescan();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watcher = watch(dir, () => {
    clearTimeout(timer);
    timer = setTimeout(rescan, 40);
  });
  const json = (res: ServerResponse, status: number, value: unknown): void => void res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const pathname = decodeURIComponent(url.pathname);
      if (pathname === '/notebooks/index.json') return json(res, 200, list(dir));
      if (pathname.startsWith('/notebooks/')) {
        const file = path.join(dir, pathname.slice('/notebooks/'.length));
        if (!existsSync(file)) return void res.writeHead(404).end();
        const text = readFileSync(file, 'utf8');
        return void res.writeHead(200, { 'Content-Type': 'text/markdown; charset=utf-8', ETag: `"${sha(text)}"` }).end(text);
      }
      if (pathname === '/api/session') return json(res, 200, { token, readOnly: options.readOnly === true });
      if (pathname === '/api/events') {
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
        res.write(': hello\n\n');
        streams.add(res);
        req.on('close', () => streams.delete(res));
        return;
      }
      if (pathname.startsWith('/api/notebooks')) {
        if (options.readOnly) return json(res, 405, { error: 'read-only' });
        if (req.headers['x-gradbook-token'] !== token) return json(res, 403, { error: 'bad token' });
        const text = await body(req);
        if (req.method === 'POST') {
          const { file, source } = JSON.parse(text) as { file: string; source: string };
          const target = path.join(dir, file);
          if (existsSync(target)) return json(res, 409, { error: 'exists' });
          writeFileSync(target, source);
          return json(res, 201, { file, hash: sha(source) });
        }
        const file = path.join(dir, pathname.slice('/api/notebooks/'.length));
        const current = existsSync(file) ? sha(readFileSync(file, 'utf8')) : null;
        const ifMatch = String(req.headers['if-match'] ?? '');
        if (ifMatch !== '*' && ifMatch !== `"${current}"`) return json(res, 409, { error: 'the file changed on disk', hash: current });
        writeFileSync(file + '.tmp', text);
        renameSync(file + '.tmp', file);
        hashes.set(path.basename(file), sha(text));
        send('file', { file: path.basename(file), hash: sha(text) });
        if (current === null) send('list', list(dir));
        return json(res, 200, { hash: sha(text) });
      }
      // Everything else: the app's files.
      const file = path.resolve(distDir, '.' + (pathname.endsWith('/') ? pathname + 'index.html' : pathname));
      if (!file.startsWith(path.resolve(distDir)) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    })().catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    token,
    close: async () => {
      watcher.close();
      clearTimeout(timer);
      for (const s of streams) s.end();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
