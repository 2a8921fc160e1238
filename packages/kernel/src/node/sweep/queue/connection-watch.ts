import { Redis, type RedisOptions } from 'ioredis';

/**
 * Watches a Redis server on a connection of its own and says, once each, when it is lost and when
 * it is back (ioredis reconnects by itself; BullMQ's commands wait meanwhile).
 *
 * @param options - the connection, as {@link redisConnection} gives it.
 * @param display - the address for messages (no password).
 * @param onStatus - called with each message.
 * @returns `close()` to stop watching.
 */
export function watchConnection(options: RedisOptions, display: string, onStatus: (message: string) => void): { close(): Promise<void> } {
  const client = new Redis({ ...options, lazyConnect: false, enableOfflineQueue: false });
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    onStatus(`lost the connection to Redis at ${display} (${error.message || (error as NodeJS.ErrnoException).code}); waiting to reconnect`);
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    onStatus(`reconnected to Redis at ${display}`);
  });
  return {
    async close() {
      client.disconnect();
    },
  };
}
