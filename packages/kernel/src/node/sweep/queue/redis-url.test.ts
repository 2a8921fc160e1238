import { describe, expect, it } from 'vitest';
import { redisConnection, RedisUrlError } from './redis-url.js';

describe('redisConnection', () => {
  it('reads host, port, database and credentials, and never shows the password', () => {
    const { options, display } = redisConnection('redis://me:s%40cret@10.0.0.5:6380/3');
    expect(options).toMatchObject({ host: '10.0.0.5', port: 6380, db: 3, username: 'me', password: 's@cret', maxRetriesPerRequest: null });
    expect(display).toBe('redis://10.0.0.5:6380/3');
  });
  it('defaults to port 6379 and database 0, and takes a bare host:port', () => {
    expect(redisConnection('redis://localhost').options).toMatchObject({ host: 'localhost', port: 6379, db: 0 });
    expect(redisConnection('127.0.0.1:7000').options).toMatchObject({ host: '127.0.0.1', port: 7000 });
  });
  it('uses TLS for rediss://', () => {
    expect(redisConnection('rediss://h:1').options.tls).toEqual({});
  });
  it('backs off up to 5 s between reconnection attempts', () => {
    const retry = redisConnection('redis://h').options.retryStrategy!;
    expect([retry(1), retry(4), retry(100)]).toEqual([250, 1000, 5000]);
  });
  it.each([
    ['http://h:6379', /expected redis:\/\/ or rediss:\/\/, received http:/],
    ['redis://h:6379/x', /the database "x" is not a whole number/],
    ['redis://', /is not a Redis address|names no host/],
  ])('refuses %s', (url, message) => {
    expect(() => redisConnection(url)).toThrow(RedisUrlError);
    expect(() => redisConnection(url)).toThrow(message);
  });
});
