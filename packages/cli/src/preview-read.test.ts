import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GD, previewOf, type Fixture } from './test-utils/preview.js';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('gradbook preview: reading', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await previewOf({
      'gd.md': GD,
      'with space.v2.md': '# Spaces and dots\n\nFirst paragraph.\n',
      'week 1/intro.md': '# Intro\n',
      'README.md': '# Not a notebook\n',
      '.hidden/x.md': '# hidden\n',
      'node_modules/pkg/y.md': '# dependency\n',
      'notes.txt': 'not markdown',
    });
  });
  afterAll(() => f.close());

  it('lists every .md but README, with spaces, dots and subfolders, title and description', async () => {
    const r = await f.send('GET', '/notebooks/index.json');
    expect(r.status).toBe(200);
    expect(r.json()).toEqual([
      { id: 'gd', file: 'gd.md', title: 'Gradient descent', description: 'A step size to move.' },
      { id: 'week 1/intro', file: 'week 1/intro.md', title: 'Intro', description: '' },
      { id: 'with space.v2', file: 'with space.v2.md', title: 'Spaces and dots', description: 'First paragraph.' },
    ]);
  });

  it('serves a notebook with the SHA-256 of its bytes as ETag, by encoded path', async () => {
    const r = await f.send('GET', '/notebooks/gd.md');
    expect(r.status).toBe(200);
    expect(r.text).toBe(GD);
    expect(r.headers.etag).toBe(`"${sha(GD)}"`);
    expect(r.headers['content-type']).toMatch(/^text\/markdown/);
    expect((await f.send('GET', '/notebooks/week%201/intro.md')).text).toBe('# Intro\n');
    expect((await f.send('GET', '/notebooks/week%201%2Fintro.md')).text).toBe('# Intro\n');
    expect((await f.send('GET', '/notebooks/missing.md')).status).toBe(404);
  });

  it('refuses to read outside the folder or anything but .md', async () => {
    for (const p of ['/notebooks/../package.json', '/notebooks/%2e%2e/x.md', '/notebooks/..%2F..%2Fetc%2Fpasswd', '/notebooks/notes.txt', '/notebooks/.hidden/x.md']) {
      expect([p, (await f.send('GET', p)).status]).toEqual([p, 400]);
    }
  });

  it('gives the session token, and sends the CSP and cross-origin isolation headers on every response', async () => {
    const session = await f.send('GET', '/api/session');
    expect(session.json()).toEqual({ token: f.preview.token, readOnly: false });
    expect(f.preview.token).toMatch(/^[0-9a-f]{32}$/);
    for (const p of ['/', '/notebooks/index.json', '/notebooks/gd.md', '/api/session', '/nothing-here']) {
      const r = await f.send('GET', p);
      expect([p, r.headers['cross-origin-opener-policy'], r.headers['cross-origin-embedder-policy']]).toEqual([p, 'same-origin', 'require-corp']);
      expect(r.headers['content-security-policy']).toMatch(/default-src 'self'/);
    }
    expect((await f.send('GET', '/')).text).toMatch(/<title>app<\/title>/);
  });

  it('refuses a Host that is not 127.0.0.1 or localhost with its port (DNS rebinding)', async () => {
    const port = f.preview.port;
    expect((await f.send('GET', '/notebooks/index.json', { headers: { host: `localhost:${port}` } })).status).toBe(200);
    for (const host of ['evil.example:' + port, `127.0.0.1:${port + 1}`, '127.0.0.1', `localhost.evil.example:${port}`]) {
      expect([host, (await f.send('GET', '/notebooks/index.json', { headers: { host } })).status]).toEqual([host, 403]);
    }
  });

  it('refuses the API to pages of other origins', async () => {
    for (const origin of ['https://evil.example', 'null', `http://127.0.0.1:${f.preview.port + 1}`]) {
      expect([origin, (await f.send('GET', '/api/session', { headers: { origin } })).status]).toEqual([origin, 403]);
    }
    expect((await f.send('GET', '/api/session', { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect((await f.send('GET', '/api/session', { headers: { origin: `http://localhost:${f.preview.port}` } })).status).toBe(200);
  });
});

describe('gradbook preview of one file', () => {
  it('lists a README opened directly and opens it', async () => {
    const f = await previewOf({ 'README.md': '# Course notes\n', 'gd.md': GD }, { path: 'README.md' });
    try {
      const list = (await f.send('GET', '/notebooks/index.json')).json() as { file: string }[];
      expect(list.map((n) => n.file)).toEqual(['README.md', 'gd.md']);
      expect(f.preview.openUrl).toBe(`${f.preview.url}?nb=README`);
    } finally {
      await f.close();
    }
  });
});

describe('gradbook preview --read-only', () => {
  it('says so in the session and refuses writes with 405', async () => {
    const f = await previewOf({ 'gd.md': GD }, { readOnly: true });
    try {
      expect((await f.send('GET', '/api/session')).json().readOnly).toBe(true);
      expect((await f.write('PUT', '/api/notebooks/gd.md', 'x', { 'if-match': '*' })).status).toBe(405);
      expect((await f.write('POST', '/api/notebooks', JSON.stringify({ file: 'n.md', source: 'x' }))).status).toBe(405);
    } finally {
      await f.close();
    }
  });
});
