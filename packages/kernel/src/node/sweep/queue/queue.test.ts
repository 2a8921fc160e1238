import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../../../test-utils/redis-server.js';
import { parseGridAxis, parseSeeds } from '../../../sweep/grid.js';
import { queueSweep } from './queue-sweep.js';

const cli = fileURLToPath(new URL('../../../cli.ts', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'gradbook-queue-'));
let redis: RedisServer;
const workers: ChildProcess[] = [];

// Each run takes a moment, so a worker can be killed in the middle of one.
const SLOW = '```js\nk = 1\n```\n\n```js\nslow = { await new Promise((r) => setTimeout(r, 700)); return k * 10 + seed }\n```\n';
const CRASH = '```js\nk = 1\n```\n\n```js\ncrash = { if (k === 2) process.exit(3); return k }\n```\n';

function startWorker(url: string, queueName: string): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@gradbook/source', cli, 'worker', url, '--queue-name', queueName, '--lock-seconds', '2'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  workers.push(child);
  return { child, output: () => text };
}

const until = async (what: () => boolean, ms: number, label: string) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

beforeAll(async () => {
  redis = await startRedis();
}, 30_000);
afterEach(() => {
  for (const w of workers.splice(0)) w.kill('SIGKILL');
});
afterAll(async () => {
  await redis?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('a sweep on a Redis queue', () => {
  it('two workers, one killed mid-run: every run is in the table exactly once, with its values', async () => {
    const file = path.join(dir, 'slow.md');
    writeFileSync(file, SLOW);
    const a = startWorker(redis.url, 'kill-test');
    const b = startWorker(redis.url, 'kill-test');
    const done = queueSweep({ file, axes: [parseGridAxis('k=1..4')], seeds: parseSeeds('0..1'), out: path.join(dir, 'out-kill'), queue: redis.url, queueName: 'kill-test' });
    // Once worker a has finished a run it has taken the next one: kill it in the middle of that.
    await until(() => /^ok /m.test(a.output()), 60_000, 'worker a to finish a run');
    await new Promise((r) => setTimeout(r, 250));
    a.child.kill('SIGKILL');
    const result = await done;
    expect(result.records).toHaveLength(8);
    expect(new Set(result.records.map((r) => r.id)).size).toBe(8);
    for (const r of result.records) {
      expect(r.status).toBe('ok');
      expect(r.scalars.slow).toBe((r.values as { k: number }).k * 10 + r.seed);
    }
    expect(result.table.numRows()).toBe(8);
    expect(b.output()).toMatch(/^ok /m);
  }, 120_000);

  it('a notebook that kills its process every time is recorded failed after its retries', async () => {
    const file = path.join(dir, 'crash.md');
    writeFileSync(file, CRASH);
    startWorker(redis.url, 'crash-test');
    const result = await queueSweep({ file, axes: [parseGridAxis('k=1,2')], out: path.join(dir, 'out-crash'), queue: redis.url, queueName: 'crash-test' });
    const byK = new Map(result.records.map((r) => [(r.values as { k: number }).k, r]));
    expect(byK.get(1)!.status).toBe('ok');
    expect(byK.get(2)!.status).toBe('failed');
    expect(byK.get(2)!.error).toMatch(/failed after 3 attempts: the worker process exited with code 3 during the run/);
  }, 120_000);

  it('detached, then started again: enqueues once, collects every run once', async () => {
    const file = path.join(dir, 'detach.md');
    writeFileSync(file, SLOW);
    const opts = { file, axes: [parseGridAxis('k=5,6')], seeds: parseSeeds('0..1'), out: path.join(dir, 'out-detach'), queue: redis.url, queueName: 'detach-test' };
    const first = await queueSweep({ ...opts, detach: true });
    expect(first.enqueued).toBe(4);
    const again = await queueSweep({ ...opts, detach: true });
    expect(again.enqueued).toBe(0);
    startWorker(redis.url, 'detach-test');
    const result = await queueSweep(opts);
    expect(result.records.map((r) => r.scalars.slow).sort()).toEqual([50, 51, 60, 61]);
  }, 120_000);

  it('Redis lost mid-sweep: the worker and the sweep say so, wait, reconnect and finish', async () => {
    const file = path.join(dir, 'lost.md');
    writeFileSync(file, SLOW);
    const w = startWorker(redis.url, 'lost-test');
    const status: string[] = [];
    const done = queueSweep({ file, axes: [parseGridAxis('k=7..9')], out: path.join(dir, 'out-lost'), queue: redis.url, queueName: 'lost-test', onStatus: (m) => status.push(m) });
    await until(() => /^ok /m.test(w.output()), 60_000, 'a first run');
    // An empty Redis comes back: the sweep enqueues the runs it still lacks again.
    await redis.kill();
    await until(() => /lost the connection to Redis/.test(w.output()), 30_000, 'the worker to notice');
    await redis.restart();
    const result = await done;
    expect(result.records.map((r) => r.scalars.slow).sort()).toEqual([70, 80, 90]);
    expect(status.join('\n')).toMatch(/lost the connection to Redis at redis:\/\/127\.0\.0\.1:\d+ .*; waiting to reconnect/);
    expect(status.join('\n')).toMatch(/reconnected to Redis/);
    await until(() => /reconnected to Redis/.test(w.output()), 30_000, 'the worker to reconnect');
  }, 120_000);
});
