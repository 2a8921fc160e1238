import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { SECURITY_HEADERS, contentType } from './http-headers.js';

/** Ends a response with a status, the security headers and a short text or JSON body. */
export function reply(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const json = body !== undefined && typeof body !== 'string';
  const text = body === undefined ? '' : json ? JSON.stringify(body) : (body as string);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': json ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/**
 * Streams one regular file with its type, length and the security headers.
 *
 * @returns false when it is not a regular file (nothing was sent).
 */
export async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, headers: Record<string, string> = {}): Promise<boolean> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return false;
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': contentType(file), 'Content-Length': String(info.size), ...headers });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
  return true;
}

/**
 * A file of a folder by its URL path (already split from the query), `index.html` for a folder;
 * null when the path leaves the folder or names a hidden file.
 */
export function fileInFolder(folder: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s.startsWith('.'))) return null;
  if (decoded.endsWith('/') || segments.length === 0) segments.push('index.html');
  return path.join(folder, ...segments);
}
