import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localFileAttachment } from './file-attachment.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gradbook-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('localFileAttachment', () => {
  it('reads a file beside the notebook as Observable does', async () => {
    writeFileSync(path.join(dir, 'a.csv'), 'x,y\n1,2\n3,4\n');
    const FileAttachment = localFileAttachment(dir);
    const file = FileAttachment('a.csv');
    expect(file.name).toBe('a.csv');
    expect(file.mimeType).toBe('text/csv');
    expect(await file.csv({ typed: true })).toEqual(Object.assign([{ x: 1, y: 2 }, { x: 3, y: 4 }], { columns: ['x', 'y'] }));
    expect(new Uint8Array(await file.arrayBuffer()).length).toBe(12);
  });

  it('refuses a missing file, a path out of the folder and a URL, saying why', () => {
    const FileAttachment = localFileAttachment(dir);
    expect(() => FileAttachment('b.csv')).toThrow(`FileAttachment: b.csv not found in ${dir}`);
    expect(() => FileAttachment('../etc/passwd')).toThrow(`FileAttachment("../etc/passwd"): outside the notebook's folder ${dir}`);
    expect(() => FileAttachment('https://example.com/a.csv')).toThrow(/a remote URL, and Gradbook fetches nothing/);
  });
});
