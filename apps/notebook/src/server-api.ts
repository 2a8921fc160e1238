// The preview server's contract, as the page uses it (relative URLs, so the app works from a
// sub-path): notebook texts with their hash, the session (token, read-only), saving with
// If-Match, creating notebooks, and the event stream of file changes. A static site has no `api/`:
// the page is read-only there.

/** A notebook file's text and its hash (the server's ETag: sha-256 hex; null when it sends none). */
export interface NotebookFile {
  readonly text: string;
  readonly hash: string | null;
}

/** What the page may do: write with this token, or only read. */
export interface Session {
  readonly token: string | null;
  readonly readOnly: boolean;
  /** Whether a preview server answered (it has `api/`: the event stream, saving). */
  readonly served: boolean;
}

/** Why a save was refused, for the page to say. */
export type SaveResult =
  | { ok: true; hash: string }
  | { ok: false; conflict: true; hash: string | null; message: string }
  | { ok: false; conflict: false; message: string };

const unquote = (etag: string | null): string | null => (etag ? etag.replace(/^W\//, '').replace(/^"(.*)"$/, '$1') : null);

const notebookUrl = (file: string): string => `notebooks/${file.split('/').map(encodeURIComponent).join('/')}`;
const apiNotebookUrl = (file: string): string => `api/${notebookUrl(file)}`;

/** Reads a notebook file (`GET notebooks/<file>`). */
export async function fetchNotebook(file: string): Promise<NotebookFile> {
  const response = await fetch(notebookUrl(file), { cache: 'no-cache' });
  if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
  return { text: await response.text(), hash: unquote(response.headers.get('ETag')) };
}

/** The session (`GET api/session`); read-only when there is none (a built site) or it says so. */
export async function fetchSession(): Promise<Session> {
  try {
    const response = await fetch('api/session', { cache: 'no-cache' });
    if (!response.ok) return { token: null, readOnly: true, served: false };
    const body = (await response.json()) as { token?: unknown; readOnly?: unknown };
    const token = typeof body.token === 'string' ? body.token : null;
    return { token, readOnly: body.readOnly === true || token === null, served: true };
  } catch {
    return { token: null, readOnly: true, served: false };
  }
}

async function errorText(response: Response): Promise<{ error: string; hash: string | null }> {
  try {
    const body = (await response.json()) as { error?: unknown; hash?: unknown };
    return { error: typeof body.error === 'string' ? body.error : `HTTP ${response.status}`, hash: typeof body.hash === 'string' ? body.hash : null };
  } catch {
    return { error: `HTTP ${response.status}`, hash: null };
  }
}

/**
 * Writes a notebook's full new text (`PUT api/notebooks/<file>`).
 *
 * @param ifMatch - the hash the page loaded (refused with a conflict when the file changed since), or `*` to overwrite.
 */
export async function saveNotebook(session: Session, file: string, text: string, ifMatch: string): Promise<SaveResult> {
  let response: Response;
  try {
    response = await fetch(apiNotebookUrl(file), {
      method: 'PUT',
      headers: { 'Content-Type': 'text/markdown; charset=utf-8', 'X-Gradbook-Token': session.token ?? '', 'If-Match': ifMatch === '*' ? '*' : `"${ifMatch}"` },
      body: text,
    });
  } catch (error) {
    return { ok: false, conflict: false, message: `could not reach the preview server (${(error as Error).message})` };
  }
  if (response.ok) {
    const body = (await response.json().catch(() => ({}))) as { hash?: unknown };
    return { ok: true, hash: typeof body.hash === 'string' ? body.hash : (unquote(response.headers.get('ETag')) ?? '') };
  }
  const { error, hash } = await errorText(response);
  if (response.status === 409) return { ok: false, conflict: true, hash, message: error };
  return { ok: false, conflict: false, message: `${error} (HTTP ${response.status})` };
}

/** Creates a notebook (`POST api/notebooks`); refused when the file exists. */
export async function createNotebook(session: Session, file: string, source: string): Promise<{ ok: true; file: string } | { ok: false; message: string }> {
  const response = await fetch('api/notebooks', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Gradbook-Token': session.token ?? '' },
    body: JSON.stringify({ file, source }),
  });
  if (response.ok) {
    const body = (await response.json().catch(() => ({}))) as { file?: unknown };
    return { ok: true, file: typeof body.file === 'string' ? body.file : file };
  }
  const { error } = await errorText(response);
  return { ok: false, message: response.status === 409 ? `${file} exists already` : `${error} (HTTP ${response.status})` };
}

/** The server's change events (`GET api/events`), or null where there is no event stream. */
export interface ServerEvents {
  onFile(listener: (event: { file: string; hash: string }) => void): void;
  onList(listener: (index: unknown) => void): void;
  close(): void;
}

/** Subscribes to `api/events` (server-sent events); the browser reconnects by itself. */
export function subscribe(): ServerEvents | null {
  if (typeof EventSource === 'undefined') return null;
  const source = new EventSource('api/events');
  const parse = (e: Event): unknown => {
    try {
      return JSON.parse((e as MessageEvent<string>).data);
    } catch {
      return undefined;
    }
  };
  return {
    onFile: (listener) =>
      source.addEventListener('file', (e) => {
        const data = parse(e) as { file?: unknown; hash?: unknown } | undefined;
        if (data && typeof data.file === 'string' && typeof data.hash === 'string') listener({ file: data.file, hash: data.hash });
      }),
    onList: (listener) => source.addEventListener('list', (e) => listener(parse(e))),
    close: () => source.close(),
  };
}
