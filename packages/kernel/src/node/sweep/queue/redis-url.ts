import type { RedisOptions } from 'bullmq';

/** A `redis://` address that cannot be used; the message names it and the problem. */
export class RedisUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisUrlError';
  }
}

/**
 * Reads a Redis address, `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS), into
 * ioredis options that wait through a lost connection: commands queue until Redis is back
 * (BullMQ's workers need `maxRetriesPerRequest: null`) and reconnection backs off up to 5 s.
 *
 * @param url - the address; a bare `host:port` is read as `redis://host:port`.
 * @returns the connection options, and the address without its password for messages.
 * @throws RedisUrlError when the address is not one.
 * @example
 * redisConnection('redis://127.0.0.1:6379/2').options; // { host: '127.0.0.1', port: 6379, db: 2, … }
 */
export function redisConnection(url: string): { options: RedisOptions; display: string } {
  const text = /^[a-z]+:\/\//i.test(url) ? url : `redis://${url}`;
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new RedisUrlError(`${JSON.stringify(url)} is not a Redis address; write redis://host:6379`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new RedisUrlError(`${JSON.stringify(url)}: expected redis:// or rediss://, received ${u.protocol}//`);
  if (!u.hostname) throw new RedisUrlError(`${JSON.stringify(url)} names no host; write redis://host:6379`);
  const port = u.port === '' ? 6379 : Number(u.port);
  const dbText = u.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) throw new RedisUrlError(`${JSON.stringify(url)}: the database ${JSON.stringify(dbText)} is not a whole number`);
  const options: RedisOptions = {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port,
    db,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => Math.min(250 * times, 5000),
  };
  return { options, display: `${u.protocol}//${u.hostname}:${port}${db ? `/${db}` : ''}` };
}
