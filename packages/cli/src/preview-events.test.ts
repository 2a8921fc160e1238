import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GD, previewOf, type Fixture } from './test-utils/preview.js';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

interface Frame {
  event: string;
  data: any;
}

/** Reads `GET api/events` as a list of frames that grows as they come. */
function subscribe(port: number): Promise<{ frames: Frame[]; next(match: (f: Frame) => boolean, ms?: number): Promise<Frame>; close(): void }> {
  return new Promise((resolve, reject) => {
    const frames: Frame[] = [];
    const waiters: (() => void)[] = [];
    const req = httpRequest({ host: '127.0.0.1', port, path: '/api/events', headers: { host: `127.0.0.1:${port}` } }, (res) => {
      expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) frames.push({ event, data: JSON.parse(data) });
          for (const w of waiters.splice(0)) w();
        }
      });
      resolve({
        frames,
        next: (match, ms = 5000) =>
          new Promise((ok, fail) => {
            const timer = setTimeout(() => fail(new Error(`no matching event in ${ms} ms; got ${JSON.stringify(frames)}`)), ms);
            const check = (): void => {
              const found = frames.find(match);
              if (found) {
                clearTimeout(timer);
                ok(found);
              } else waiters.push(check);
            };
            check();
          }),
        close: () => req.destroy(),
      });
    });
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
    req.end();
  });
}

describe('gradbook preview: live events', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await previewOf({ 'gd.md': GD, 'week 1/intro.md': '# Intro\n' });
  });
  afterEach(() => f.close());

  it('sends a file event with the new hash when a notebook changes on disk, also in a subfolder and by rename-over', async () => {
    const events = await subscribe(f.preview.port);
    try {
      writeFileSync(path.join(f.dir, 'gd.md'), GD + '\nMore prose.\n');
      const first = await events.next((e) => e.event === 'file' && e.data.file === 'gd.md');
      expect(first.data).toEqual({ file: 'gd.md', hash: sha(GD + '\nMore prose.\n') });
      // An editor's atomic save: a temporary file renamed over the notebook.
      writeFileSync(path.join(f.dir, 'week 1', '.intro.md.swp'), '# Intro, edited\n');
      renameSync(path.join(f.dir, 'week 1', '.intro.md.swp'), path.join(f.dir, 'week 1', 'intro.md'));
      const second = await events.next((e) => e.event === 'file' && e.data.file === 'week 1/intro.md');
      expect(second.data.hash).toBe(sha('# Intro, edited\n'));
      // Touching without changing the bytes says nothing.
      writeFileSync(path.join(f.dir, 'gd.md'), GD + '\nMore prose.\n');
      await new Promise((r) => setTimeout(r, 300));
      expect(events.frames.filter((e) => e.event === 'file' && e.data.file === 'gd.md')).toHaveLength(1);
    } finally {
      events.close();
    }
  });

  it('sends the whole list when a notebook is added, renamed or deleted on disk', async () => {
    const events = await subscribe(f.preview.port);
    try {
      writeFileSync(path.join(f.dir, 'added one.md'), '# Added\n\nNew notebook.\n');
      const added = await events.next((e) => e.event === 'list' && e.data.some((n: { file: string }) => n.file === 'added one.md'));
      expect(added.data).toContainEqual({ id: 'added one', file: 'added one.md', title: 'Added', description: 'New notebook.' });
      renameSync(path.join(f.dir, 'added one.md'), path.join(f.dir, 'renamed.md'));
      await events.next((e) => e.event === 'list' && e.data.some((n: { file: string }) => n.file === 'renamed.md'));
      rmSync(path.join(f.dir, 'renamed.md'));
      rmSync(path.join(f.dir, 'week 1'), { recursive: true });
      const removed = await events.next((e) => e.event === 'list' && e.data.length === 1);
      expect(removed.data.map((n: { file: string }) => n.file)).toEqual(['gd.md']);
    } finally {
      events.close();
    }
  });

  it('announces a save through the server once, with the hash the save returned', async () => {
    const events = await subscribe(f.preview.port);
    try {
      const saved = await f.write('PUT', '/api/notebooks/gd.md', 'saved\n', { 'if-match': `"${sha(GD)}"` });
      expect(saved.status).toBe(200);
      const event = await events.next((e) => e.event === 'file');
      expect(event.data).toEqual({ file: 'gd.md', hash: saved.json().hash });
      await new Promise((r) => setTimeout(r, 300));
      expect(events.frames.filter((e) => e.event === 'file')).toHaveLength(1);
    } finally {
      events.close();
    }
  });

  it('watches a folder created after the start', async () => {
    const events = await subscribe(f.preview.port);
    try {
      writeFileSync(path.join(f.dir, 'seed.md'), '# Seed\n');
      await events.next((e) => e.event === 'list' && e.data.some((n: { file: string }) => n.file === 'seed.md'));
      mkdirSync(path.join(f.dir, 'later'));
      await new Promise((r) => setTimeout(r, 200));
      writeFileSync(path.join(f.dir, 'later', 'deep.md'), '# Deep\n');
      await events.next((e) => e.event === 'list' && e.data.some((n: { file: string }) => n.file === 'later/deep.md'));
      writeFileSync(path.join(f.dir, 'later', 'deep.md'), '# Deeper\n');
      const changed = await events.next((e) => e.event === 'file' && e.data.file === 'later/deep.md');
      expect(changed.data.hash).toBe(sha('# Deeper\n'));
    } finally {
      events.close();
    }
  });
});
