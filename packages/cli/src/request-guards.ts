import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const LOCAL_NAMES = ['127.0.0.1', 'localhost'];

/**
 * Whether a request's `Host` names this server (`127.0.0.1:<port>` or `localhost:<port>`): a page
 * of another site that rebinds its DNS name to 127.0.0.1 sends its own name and is refused.
 */
export function isLocalHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  return LOCAL_NAMES.some((name) => host.toLowerCase() === `${name}:${port}`);
}

/**
 * Whether a request comes from this server's own pages: no `Origin` (a same-origin GET, curl) or
 * `http://127.0.0.1:<port>` / `http://localhost:<port>`; and no `Sec-Fetch-Site: cross-site`.
 */
export function isSameOrigin(req: IncomingMessage, port: number): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return LOCAL_NAMES.some((name) => origin.toLowerCase() === `http://${name}:${port}`);
}

/** Whether a request carries the session's token in `X-Gradbook-Token` (compared in constant time). */
export function hasToken(req: IncomingMessage, token: string): boolean {
  const given = req.headers['x-gradbook-token'];
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
