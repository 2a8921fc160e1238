import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { atomicWrite } from './atomic-write.js';
import type { EventStream } from './event-stream.js';
import type { FolderWatcher } from './folder-watcher.js';
import { SECURITY_HEADERS } from './http-headers.js';
import { BodyTooLargeError, readBody } from './http-body.js';
import { hashBytes, notebookIndex } from './notebook-list.js';
import { hasToken } from './request-guards.js';
import { NotebookPathError, decodeNotebookPath, resolveNotebookPath } from './safe-path.js';
import { reply } from './static-files.js';

/** What the notebook routes need of the server. */
export interface NotebookApiContext {
  /** The served folder's real path. */
  readonly root: string;
  readonly token: string;
  readonly readOnly: boolean;
  readonly watcher: FolderWatcher;
  readonly events: EventStream;
}

/** A new random session token (32 hex digits). */
export function newToken(): string {
  return randomBytes(16).toString('hex');
}

function quoted(hash: string): string {
  return `"${hash}"`;
}

/** One write at a time, so two saves of one file cannot both pass the If-Match check. */
let queue: Promise<unknown> = Promise.resolve();
function serialized<T>(task: () => Promise<T>): Promise<T> {
  const next = queue.then(task, task);
  queue = next.catch(() => undefined);
  return next;
}

async function resolveOr400(res: ServerResponse, root: string, encoded: string): Promise<{ file: string; path: string; exists: boolean } | null> {
  try {
    const file = decodeNotebookPath(encoded);
    return { file, ...(await resolveNotebookPath(root, file)) };
  } catch (error) {
    if (!(error instanceof NotebookPathError)) throw error;
    reply(res, 400, { error: error.message });
    return null;
  }
}

/** `GET notebooks/index.json` and `GET notebooks/<file>` (with its ETag). */
export async function getNotebook(ctx: NotebookApiContext, req: IncomingMessage, res: ServerResponse, encoded: string): Promise<void> {
  if (encoded === 'index.json') {
    await ctx.watcher.rescan();
    reply(res, 200, notebookIndex(ctx.watcher.list), { 'Content-Type': 'application/json; charset=utf-8' });
    return;
  }
  const target = await resolveOr400(res, ctx.root, encoded);
  if (!target) return;
  const bytes = target.exists ? await readFile(target.path).catch(() => null) : null;
  if (!bytes) return reply(res, 404, { error: `no notebook ${target.file}` });
  const etag = quoted(hashBytes(bytes));
  if (req.headers['if-none-match'] === etag) return reply(res, 304, undefined, { ETag: etag });
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/markdown; charset=utf-8', 'Content-Length': String(bytes.length), ETag: etag });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

function refuseWrite(ctx: NotebookApiContext, req: IncomingMessage, res: ServerResponse): boolean {
  if (ctx.readOnly) {
    reply(res, 405, { error: 'this preview is read-only (gradbook preview --read-only)' }, { Allow: 'GET, HEAD' });
    return true;
  }
  if (!hasToken(req, ctx.token)) {
    reply(res, 403, { error: 'missing or wrong X-Gradbook-Token: writes need the token of GET api/session' });
    return true;
  }
  return false;
}

async function body(req: IncomingMessage, res: ServerResponse): Promise<Buffer | null> {
  try {
    return await readBody(req);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    reply(res, 413, { error: error.message }, { Connection: 'close' });
    return null;
  }
}

/** `PUT api/notebooks/<file>`: replaces a notebook's text when `If-Match` names its current hash (or `*`). */
export async function putNotebook(ctx: NotebookApiContext, req: IncomingMessage, res: ServerResponse, encoded: string): Promise<void> {
  if (refuseWrite(ctx, req, res)) return;
  const target = await resolveOr400(res, ctx.root, encoded);
  if (!target) return;
  const ifMatch = req.headers['if-match'];
  if (typeof ifMatch !== 'string' || ifMatch.trim() === '') {
    return reply(res, 428, { error: 'If-Match is required: the quoted hash the page loaded (its ETag), or * to overwrite' });
  }
  const source = await body(req, res);
  if (!source) return;
  await serialized(async () => {
    const current = target.exists ? await readFile(target.path).catch(() => null) : null;
    const currentHash = current ? hashBytes(current) : null;
    const expected = ifMatch.trim();
    if (expected !== '*' && (currentHash === null || expected.replace(/^W\//, '') !== quoted(currentHash))) {
      const what = currentHash === null ? 'was deleted on disk' : 'changed on disk';
      return reply(res, 409, { error: `${target.file} ${what} since the page loaded it: reload it, or save again with If-Match: * to overwrite`, hash: currentHash });
    }
    await mkdir(path.dirname(target.path), { recursive: true });
    await atomicWrite(target.path, source);
    const hash = hashBytes(source);
    await ctx.watcher.rescan();
    reply(res, 200, { hash }, { ETag: quoted(hash) });
  });
}

/** `POST api/notebooks` with `{ file, source }`: creates a notebook; 409 when the file exists. */
export async function createNotebook(ctx: NotebookApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (refuseWrite(ctx, req, res)) return;
  const raw = await body(req, res);
  if (!raw) return;
  let request: { file?: unknown; source?: unknown };
  try {
    request = JSON.parse(raw.toString('utf8')) as typeof request;
  } catch {
    return reply(res, 400, { error: 'the body must be JSON: { "file": "name.md", "source": "…" }' });
  }
  if (typeof request?.file !== 'string' || typeof request.source !== 'string') {
    return reply(res, 400, { error: `expected { "file": string, "source": string }, received ${JSON.stringify(raw.toString('utf8').slice(0, 80))}` });
  }
  let target: { path: string; exists: boolean };
  try {
    target = await resolveNotebookPath(ctx.root, request.file);
  } catch (error) {
    if (!(error instanceof NotebookPathError)) throw error;
    return reply(res, 400, { error: error.message });
  }
  const file = request.file;
  const bytes = Buffer.from(request.source, 'utf8');
  await serialized(async () => {
    try {
      await mkdir(path.dirname(target.path), { recursive: true });
      await atomicWrite(target.path, bytes, { exclusive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const current = await readFile(target.path).catch(() => null);
      return reply(res, 409, { error: `${file} already exists`, hash: current ? hashBytes(current) : null });
    }
    const hash = hashBytes(bytes);
    await ctx.watcher.rescan();
    reply(res, 201, { file, hash }, { ETag: quoted(hash) });
  });
}
