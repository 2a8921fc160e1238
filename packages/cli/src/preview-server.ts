import { createServer, type Server } from 'node:http';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { APP_DIR, checkAppDir } from './app-assets.js';
import { createPreviewHandler } from './preview-handler.js';

/** Options of {@link startPreview}. */
export interface PreviewOptions {
  /** The folder of notebooks, or one notebook file (then its folder is served and the file listed, even a README). Default `.`. */
  readonly path?: string;
  /** The port (default 4178; when taken, the next free one). `strictPort` makes a taken port an error; 0 is any free port. */
  readonly port?: number;
  /** Fail instead of trying the next ports when `port` is taken (default false; the CLI sets it for `--port`). */
  readonly strictPort?: boolean;
  /** Serve without editing: writes answer 405 and `api/session` says `readOnly: true`. Default false. */
  readonly readOnly?: boolean;
  /** The built app to serve (default this package's `app/`). */
  readonly appDir?: string;
  /** How long file events are gathered before a rescan, in ms (default 60). */
  readonly debounceMs?: number;
}

/** A running preview server. */
export interface Preview {
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /** The page to open: the list, or the notebook when a file was given. */
  readonly openUrl: string;
  readonly port: number;
  /** The served folder's real path. */
  readonly root: string;
  /** The session token writes must carry. */
  readonly token: string;
  /** Stops watching, ends the event streams and closes the server. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve((server.address() as { port: number }).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, HOST);
  });
}

async function bind(server: Server, port: number, strict: boolean): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const candidate = port === 0 || (!strict && attempt >= 20) ? 0 : port + attempt;
    try {
      return await listen(server, candidate);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' && strict) throw new Error(`port ${port} is in use; pick another with --port, or leave it out to take the next free one`);
      if (code !== 'EADDRINUSE' || candidate === 0) throw error;
    }
  }
}

async function served(target: string): Promise<{ root: string; opened: string | null }> {
  const info = await stat(target).catch(() => null);
  if (!info) throw new Error(`${target} does not exist`);
  if (info.isDirectory()) return { root: await realpath(target), opened: null };
  if (!target.endsWith('.md')) throw new Error(`${target} is not a folder or a .md notebook`);
  const real = await realpath(target);
  return { root: path.dirname(real), opened: path.basename(real) };
}

/**
 * Serves the Gradbook app over a folder of notebooks on 127.0.0.1: the list and every notebook
 * running in the browser, live updates when files change on disk, and saving back to the `.md`
 * files (see the HTTP contract in the package README).
 *
 * @param options - `path` ('.'), `port` (4178), `strictPort` (false), `readOnly` (false),
 *   `appDir` (the packaged app), `debounceMs` (60).
 * @returns the running server; `close()` stops it.
 * @example
 * const preview = await startPreview({ path: 'mycourse', port: 0 });
 * console.log(preview.url); // http://127.0.0.1:…/
 * await preview.close();
 */
export async function startPreview(options: PreviewOptions = {}): Promise<Preview> {
  const appDir = checkAppDir(path.resolve(options.appDir ?? APP_DIR));
  const { root, opened } = await served(path.resolve(options.path ?? '.'));
  let port = 0;
  const handler = await createPreviewHandler({ root, opened, readOnly: options.readOnly, appDir, port: () => port, debounceMs: options.debounceMs });
  const server = createServer((req, res) => handler.handle(req, res));
  server.keepAliveTimeout = 1000;
  try {
    port = await bind(server, options.port ?? 4178, options.strictPort ?? false);
  } catch (error) {
    handler.close();
    throw error;
  }
  const url = `http://${HOST}:${port}/`;
  const openEntry = opened ? handler.watcher.list.find((n) => n.file === opened) : undefined;
  return {
    url,
    openUrl: openEntry ? `${url}?nb=${encodeURIComponent(openEntry.id)}` : url,
    port,
    root,
    token: handler.token,
    close: () =>
      new Promise<void>((resolve) => {
        handler.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
