import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GD, previewOf, type Fixture } from './test-utils/preview.js';

const sha = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');
const tag = (text: string | Buffer): string => `"${sha(text)}"`;

describe('gradbook preview: saving', () => {
  let f: Fixture;
  const outside = mkdtempSync(path.join(tmpdir(), 'gradbook-outside-'));
  beforeEach(async () => {
    f = await previewOf({ 'gd.md': GD, 'week 1/intro.md': '# Intro\n', 'notes.txt': 'text' });
  });
  afterEach(() => f.close());
  afterAll(() => rmSync(outside, { recursive: true, force: true }));

  it('writes the new text when If-Match names the loaded hash, atomically, keeping the mode', async () => {
    const file = path.join(f.dir, 'gd.md');
    chmodSync(file, 0o640);
    const next = GD.replace('lr = 0.1', 'lr = 0.2');
    const r = await f.write('PUT', '/api/notebooks/gd.md', next, { 'if-match': tag(GD) });
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ hash: sha(next) });
    expect(readFileSync(file, 'utf8')).toBe(next);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    // No temporary file is left behind, and the other bytes of the file are as sent.
    expect(readdirSync(f.dir).sort()).toEqual(['gd.md', 'notes.txt', 'week 1']);
    expect(readFileSync(file).equals(Buffer.from(next))).toBe(true);
    expect((await f.send('GET', '/notebooks/gd.md')).headers.etag).toBe(tag(next));
  });

  it('keeps bytes exactly, CRLF and non-ASCII included, and saves into a subfolder', async () => {
    const text = Buffer.from('---\r\ntitle: Über\r\n---\r\n\r\n```js\r\nx = "é"\r\n```\r\n', 'utf8');
    const r = await f.write('PUT', '/api/notebooks/week%201/intro.md', text, { 'if-match': tag('# Intro\n') });
    expect(r.status).toBe(200);
    expect(readFileSync(path.join(f.dir, 'week 1', 'intro.md')).equals(text)).toBe(true);
  });

  it('refuses a save when the file changed on disk since (409 with the current hash), and overwrites with If-Match: *', async () => {
    writeFileSync(path.join(f.dir, 'gd.md'), 'changed by an editor\n');
    const r = await f.write('PUT', '/api/notebooks/gd.md', 'from the page\n', { 'if-match': tag(GD) });
    expect(r.status).toBe(409);
    expect(r.json()).toEqual({ error: expect.stringMatching(/changed on disk/), hash: sha('changed by an editor\n') });
    expect(readFileSync(path.join(f.dir, 'gd.md'), 'utf8')).toBe('changed by an editor\n');
    const forced = await f.write('PUT', '/api/notebooks/gd.md', 'from the page\n', { 'if-match': '*' });
    expect(forced.status).toBe(200);
    expect(readFileSync(path.join(f.dir, 'gd.md'), 'utf8')).toBe('from the page\n');
  });

  it('asks for If-Match (428)', async () => {
    expect((await f.write('PUT', '/api/notebooks/gd.md', 'x')).status).toBe(428);
    expect(readFileSync(path.join(f.dir, 'gd.md'), 'utf8')).toBe(GD);
  });

  it('refuses a write without the token or with a wrong one (403)', async () => {
    const origin = `http://127.0.0.1:${f.preview.port}`;
    expect((await f.send('PUT', '/api/notebooks/gd.md', { body: 'x', headers: { origin, 'if-match': '*' } })).status).toBe(403);
    expect((await f.send('PUT', '/api/notebooks/gd.md', { body: 'x', headers: { origin, 'if-match': '*', 'x-gradbook-token': '0'.repeat(32) } })).status).toBe(403);
    expect((await f.send('POST', '/api/notebooks', { body: JSON.stringify({ file: 'n.md', source: 'x' }), headers: { origin } })).status).toBe(403);
    expect(readFileSync(path.join(f.dir, 'gd.md'), 'utf8')).toBe(GD);
    expect(existsSync(path.join(f.dir, 'n.md'))).toBe(false);
  });

  it('refuses a write from another origin or Host even with the token (403)', async () => {
    const token = f.preview.token;
    for (const headers of [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: `http://127.0.0.1:${f.preview.port}`, 'sec-fetch-site': 'cross-site' },
      { origin: `http://127.0.0.1:${f.preview.port}`, host: `rebound.example:${f.preview.port}` },
    ]) {
      const r = await f.send('PUT', '/api/notebooks/gd.md', { body: 'x', headers: { 'x-gradbook-token': token, 'if-match': '*', ...headers } });
      expect([headers, r.status]).toEqual([headers, 403]);
    }
    expect(readFileSync(path.join(f.dir, 'gd.md'), 'utf8')).toBe(GD);
  });

  it('refuses paths outside the folder, encoded or not, and other extensions (400)', async () => {
    writeFileSync(path.join(outside, 'victim.md'), 'outside\n');
    const rel = path.relative(f.dir, path.join(outside, 'victim.md')).split(path.sep).join('/');
    for (const p of [
      `/api/notebooks/${rel}`,
      `/api/notebooks/${encodeURIComponent(rel)}`,
      '/api/notebooks/%2e%2e/victim.md',
      '/api/notebooks/week%201/..%2F..%2Fvictim.md',
      `/api/notebooks/${encodeURIComponent(path.join(outside, 'victim.md'))}`,
      '/api/notebooks/notes.txt',
      '/api/notebooks/gd.md.txt',
      '/api/notebooks/.hidden.md',
      '/api/notebooks/a%00.md',
      '/api/notebooks/a%5C..%5Cb.md',
      '/api/notebooks/%E0%A4%A.md',
    ]) {
      const r = await f.write('PUT', p, 'pwned\n', { 'if-match': '*' });
      expect([p, r.status]).toEqual([p, 400]);
    }
    expect(readFileSync(path.join(outside, 'victim.md'), 'utf8')).toBe('outside\n');
    expect(readFileSync(path.join(f.dir, 'notes.txt'), 'utf8')).toBe('text');
  });

  it('refuses writes through a symlink that leads out of the folder (400), file or folder', async () => {
    writeFileSync(path.join(outside, 'target.md'), 'outside\n');
    symlinkSync(path.join(outside, 'target.md'), path.join(f.dir, 'link.md'));
    symlinkSync(outside, path.join(f.dir, 'linked-folder'));
    expect((await f.write('PUT', '/api/notebooks/link.md', 'pwned\n', { 'if-match': '*' })).status).toBe(400);
    expect((await f.write('PUT', '/api/notebooks/linked-folder/target.md', 'pwned\n', { 'if-match': '*' })).status).toBe(400);
    expect((await f.write('POST', '/api/notebooks', JSON.stringify({ file: 'linked-folder/new.md', source: 'pwned\n' }))).status).toBe(400);
    expect((await f.send('GET', '/notebooks/link.md')).status).toBe(400);
    expect(readFileSync(path.join(outside, 'target.md'), 'utf8')).toBe('outside\n');
    expect(existsSync(path.join(outside, 'new.md'))).toBe(false);
    const list = (await f.send('GET', '/notebooks/index.json')).json() as { file: string }[];
    expect(list.map((n) => n.file)).toEqual(['gd.md', 'week 1/intro.md']);
  });

  it('creates a notebook (201), with spaces in its name, and refuses an existing one (409)', async () => {
    const r = await f.write('POST', '/api/notebooks', JSON.stringify({ file: 'new name.md', source: '# New\n' }));
    expect(r.status).toBe(201);
    expect(r.json()).toEqual({ file: 'new name.md', hash: sha('# New\n') });
    expect(readFileSync(path.join(f.dir, 'new name.md'), 'utf8')).toBe('# New\n');
    const again = await f.write('POST', '/api/notebooks', JSON.stringify({ file: 'gd.md', source: 'x' }));
    expect(again.status).toBe(409);
    expect(again.json().hash).toBe(sha(GD));
    expect(readFileSync(path.join(f.dir, 'gd.md'), 'utf8')).toBe(GD);
    expect((await f.write('POST', '/api/notebooks', '{"file": 3}')).status).toBe(400);
    expect((await f.write('POST', '/api/notebooks', JSON.stringify({ file: '../x.md', source: 'x' }))).status).toBe(400);
  });
});
