import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSite } from './build-site.js';
import { GD, tempFolder } from './test-utils/preview.js';

const app = mkdtempSync(path.join(tmpdir(), 'gradbook-app-'));
writeFileSync(path.join(app, 'index.html'), '<!doctype html><html><head><title>app</title></head><body></body></html>');
mkdirSync(path.join(app, 'tfjs-wasm'));
writeFileSync(path.join(app, 'tfjs-wasm', 'tfjs-backend-wasm.wasm'), 'wasm');
const made: string[] = [app];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function course(files: Record<string, string>): string {
  const dir = tempFolder(files);
  made.push(dir);
  return dir;
}

describe('buildSite', () => {
  it('writes the app, the index, every notebook (subfolders too), the CSP as a meta tag, and only the MNIST split used', async () => {
    const dir = course({ 'gd.md': GD, 'week 1/digits.md': '# Digits\n\n```js\nd = gb.loadMnist({split: "test", limit: 8})\n```\n', 'README.md': '# readme\n' });
    const out = path.join(dir, 'site');
    const { errors, notebooks, outDir } = await buildSite({ path: dir, out, appDir: app });
    expect(errors).toEqual([]);
    expect(outDir).toBe(out);
    expect(notebooks.map((n) => n.file)).toEqual(['gd.md', 'week 1/digits.md']);
    expect(JSON.parse(readFileSync(path.join(out, 'notebooks', 'index.json'), 'utf8'))).toEqual([
      { id: 'gd', file: 'gd.md', title: 'Gradient descent', description: 'A step size to move.' },
      { id: 'week 1/digits', file: 'week 1/digits.md', title: 'Digits', description: '' },
    ]);
    expect(readFileSync(path.join(out, 'notebooks', 'week 1', 'digits.md'), 'utf8')).toMatch(/loadMnist/);
    expect(readFileSync(path.join(out, 'tfjs-wasm', 'tfjs-backend-wasm.wasm'), 'utf8')).toBe('wasm');
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'self';[^"]*connect-src 'self'/);
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).not.toMatch(/frame-ancestors/);
    expect(readdirSync(path.join(out, 'mnist')).sort()).toEqual(['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']);
    // Built again into the same folder: the earlier site is replaced, and its copies are not listed as notebooks.
    const again = await buildSite({ path: dir, out, appDir: app });
    expect(again.notebooks.map((n) => n.file)).toEqual(['gd.md', 'week 1/digits.md']);
  });

  it('writes nothing when a notebook does not compile, and names it', async () => {
    const dir = course({ 'good.md': GD, 'bad.md': '---\ntitle: [unclosed\n---\n' });
    const out = path.join(dir, 'site');
    const { errors } = await buildSite({ path: dir, out, appDir: app });
    expect(errors.map((e) => e.file)).toEqual(['bad.md']);
    expect(errors[0].message.length).toBeGreaterThan(0);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to replace a folder that is not an earlier site, or one holding the notebooks', async () => {
    const dir = course({ 'gd.md': GD, 'other/keep.txt': 'mine' });
    await expect(buildSite({ path: dir, out: path.join(dir, 'other'), appDir: app })).rejects.toThrow(/not empty and is not an earlier Gradbook site/);
    expect(readFileSync(path.join(dir, 'other', 'keep.txt'), 'utf8')).toBe('mine');
    await expect(buildSite({ path: dir, out: dir, appDir: app })).rejects.toThrow(/would contain the notebooks' folder/);
    await expect(buildSite({ path: path.join(dir, 'missing'), out: path.join(dir, 'site'), appDir: app })).rejects.toThrow(/is not a folder/);
    expect(readFileSync(path.join(dir, 'gd.md'), 'utf8')).toBe(GD);
  });

  it('with thumbnails, draws the first plot of each notebook (run at its test size) and lists it; a notebook without a plot gets none', async () => {
    const spec = '{$schema: "https://vega.github.io/schema/vega-lite/v5.json", data: {values: Array.from({length: n}, (_, i) => ({x: i, y: i * i}))}, mark: "line", encoding: {x: {field: "x", type: "quantitative"}, y: {field: "y", type: "quantitative"}}}';
    const dir = course({
      'week 1/curve.md': `---\ntitle: Curve\ntest:\n  n: 3\n---\n\n\`\`\`js\nn = 50\n\`\`\`\n\n\`\`\`js\nlabel = "no plot"\n\`\`\`\n\n\`\`\`js\n(${spec})\n\`\`\`\n`,
      'plain.md': '# Plain\n\n```js\nx = 1\n```\n',
    });
    const out = path.join(dir, 'site');
    const seen: [string, boolean][] = [];
    const { errors } = await buildSite({ path: dir, out, appDir: app, thumbnails: true, onThumbnail: (file, made) => seen.push([file, made]) });
    expect(errors).toEqual([]);
    expect(seen).toEqual([['plain.md', false], ['week 1/curve.md', true]]);
    const index = JSON.parse(readFileSync(path.join(out, 'notebooks', 'index.json'), 'utf8')) as { file: string; thumbnail?: string }[];
    expect(index.map((n) => [n.file, n.thumbnail])).toEqual([['plain.md', undefined], ['week 1/curve.md', 'thumbnails/week%201/curve.svg']]);
    const svg = readFileSync(path.join(out, 'thumbnails', 'week 1', 'curve.svg'), 'utf8');
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // Drawn from the test-size run: three points on the line.
    expect(svg).toMatch(/<path[^>]*d="M[\d.]+,[\d.]+L[\d.]+,[\d.]+L[\d.]+,[\d.]+"/);
  }, 120_000);
});
