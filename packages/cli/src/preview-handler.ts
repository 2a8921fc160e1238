import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { MNIST_FILES, mnistDir } from './app-assets.js';
import { EventStream } from './event-stream.js';
import { FolderWatcher } from './folder-watcher.js';
import { createNotebook, getNotebook, newToken, putNotebook, type NotebookApiContext } from './notebook-api.js';
import { isLocalHost, isSameOrigin } from './request-guards.js';
import { fileInFolder, reply, sendFile } from './static-files.js';

/** Options of {@link createPreviewHandler}. */
export interface PreviewHandlerOptions {
  /** The served folder's real path. */
  readonly root: string;
  /** A file (relative) listed even when the rules skip it: the notebook opened directly. */
  readonly opened?: string | null;
  readonly readOnly?: boolean;
  /** The built app; null leaves the app's files to the host (`next`), as Vite's dev server does. */
  readonly appDir: string | null;
  /** The port the server listens on (Host and Origin must name it). */
  readonly port: () => number;
  readonly debounceMs?: number;
}

/** The preview's request handler, for Node's `http` server or a connect-style middleware stack. */
export interface PreviewHandler {
  /** Answers a request; with `next`, unknown paths go to it instead of a 404. */
  handle(req: IncomingMessage, res: ServerResponse, next?: () => void): void;
  readonly token: string;
  readonly watcher: FolderWatcher;
  close(): void;
}

/**
 * The preview's routes (the HTTP contract of the package README) over a folder: the notebook list
 * and files, the session, the event stream, saving and creating notebooks, MNIST, and the app.
 *
 * @param options - `root`, `opened` (none), `readOnly` (false), `appDir`, `port`, `debounceMs` (60).
 * @returns the handler; `close()` stops its watcher and event streams.
 */
export async function createPreviewHandler(options: PreviewHandlerOptions): Promise<PreviewHandler> {
  const { root, appDir } = options;
  const events = new EventStream();
  const opened = options.opened ?? null;
  const watcher = await FolderWatcher.start(root, { include: opened ? [opened] : [] }, (changes) => {
    for (const n of changes.changed) events.send('file', { file: n.file, hash: n.hash });
    if (changes.listChanged) events.send('list', changes.list.map(({ id, file, title, description }) => ({ id, file, title, description })));
  }, options.debounceMs);
  const ctx: NotebookApiContext = { root, token: newToken(), readOnly: options.readOnly ?? false, watcher, events };
  const mnist = mnistDir();

  async function route(req: IncomingMessage, res: ServerResponse, next?: () => void): Promise<void> {
    const port = options.port();
    if (!isLocalHost(req.headers.host, port)) return reply(res, 403, { error: `Host ${JSON.stringify(req.headers.host ?? '')} is not this server (127.0.0.1:${port} or localhost:${port})` });
    // The URL path as sent: WHATWG URL parsing would remove `..` and `%2e%2e` segments before the checks see them.
    const pathname = (req.url ?? '/').split(/[?#]/, 1)[0];
    const method = req.method ?? 'GET';
    const api = pathname.startsWith('/api/');
    if ((api || (method !== 'GET' && method !== 'HEAD')) && !isSameOrigin(req, port)) {
      return reply(res, 403, { error: `requests from ${JSON.stringify(req.headers.origin ?? req.headers['sec-fetch-site'])} are refused: only this server's pages may call its API` });
    }
    if (method === 'PUT' && pathname.startsWith('/api/notebooks/')) return putNotebook(ctx, req, res, pathname.slice('/api/notebooks/'.length));
    if (method === 'POST' && pathname === '/api/notebooks') return createNotebook(ctx, req, res);
    if (api && method !== 'GET' && method !== 'HEAD') return reply(res, 405, { error: `${method} ${pathname} is not allowed` }, { Allow: 'GET, HEAD' });
    if (pathname === '/api/session') return reply(res, 200, { token: ctx.token, readOnly: ctx.readOnly });
    if (pathname === '/api/events') return events.add(res);
    if (api) return reply(res, 404, { error: `no ${pathname}` });
    if (next) {
      if (pathname.startsWith('/notebooks/')) return getNotebook(ctx, req, res, pathname.slice('/notebooks/'.length));
      if (pathname.startsWith('/mnist/') && (await sendMnist(req, res, pathname))) return;
      return next();
    }
    if (method !== 'GET' && method !== 'HEAD') return reply(res, 405, { error: `${method} ${pathname} is not allowed` }, { Allow: 'GET, HEAD' });
    if (pathname.startsWith('/notebooks/')) return getNotebook(ctx, req, res, pathname.slice('/notebooks/'.length));
    if (pathname.startsWith('/mnist/') && (await sendMnist(req, res, pathname))) return;
    const file = appDir ? fileInFolder(appDir, pathname) : null;
    if (file && (await sendFile(req, res, file))) return;
    reply(res, 404, 'not found');
  }

  async function sendMnist(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    const name = pathname.slice('/mnist/'.length);
    const known = (Object.values(MNIST_FILES) as readonly (readonly string[])[]).some((files) => files.includes(name));
    return known && mnist !== null && sendFile(req, res, path.join(mnist, name));
  }

  return {
    handle(req, res, next) {
      route(req, res, next).catch((error: Error) => {
        if (!res.headersSent) reply(res, 500, { error: error.message });
        else res.destroy();
      });
    },
    token: ctx.token,
    watcher,
    close() {
      watcher.close();
      events.close();
    },
  };
}
