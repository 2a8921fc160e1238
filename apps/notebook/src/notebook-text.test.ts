/// <reference types="node" />
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '@gradbook/kernel';
import { describe, expect, it } from 'vitest';
import { composeNotebook, splitNotebook, type SavedBlock } from './notebook-text.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const files = [
  ...readdirSync(path.join(repo, 'notebooks')).filter((f) => f.endsWith('.md') && f !== 'README.md').map((f) => path.join(repo, 'notebooks', f)),
  ...readdirSync(path.join(repo, 'test', 'e2e', 'fixtures')).filter((f) => f.endsWith('.md')).map((f) => path.join(repo, 'test', 'e2e', 'fixtures', f)),
];

const split = (text: string) => splitNotebook(text, compile(text));
const unchanged = (text: string): SavedBlock[] => split(text).blocks.map((b) => ({ type: b.type, original: b, content: b.content }));

const sample = '---\ntitle: T\n---\n# T\n\nSome prose.\n\n```js cache\nx = 1\n```\n\n```js\ny = x + 1\n```\n\nMore.\n';

describe('splitNotebook', () => {
  it('finds the blocks compile finds, with each cell\'s code, in every notebook of the repository', () => {
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const compiled = compile(text);
      const parts = splitNotebook(text, compiled);
      expect(parts.blocks.map((b) => b.type), file).toEqual(compiled.blocks.map((b) => b.type));
      expect(parts.blocks.map((b) => b.content), file).toEqual(compiled.blocks.map((b) => (b.type === 'cell' ? b.cell.source : b.markdown)));
      expect(parts.blocks.map((b) => b.lead + b.raw).join('') + parts.tail).toBe(text);
      expect(composeNotebook(split(text), unchanged(text))).toBe(text);
    }
    // Compiles every notebook twice: seconds on a loaded machine, more as notebooks are added.
  }, 60_000);

  it('keeps offsets of files with CRLF line ends and a BOM', () => {
    const text = '\uFEFF' + sample.replace(/\n/g, '\r\n');
    const parts = split(text);
    expect(parts.blocks.map((b) => b.type)).toEqual(['prose', 'cell', 'cell', 'prose']);
    expect(parts.blocks[1]!.content).toBe('x = 1');
    expect(text.slice(parts.blocks[2]!.start, parts.blocks[2]!.end)).toBe('```js\r\ny = x + 1\r\n```');
    expect(composeNotebook(split(text), unchanged(text))).toBe(text);
  });
});

describe('composeNotebook', () => {
  it('replaces only the edited cell\'s code, keeping its fence options', () => {
    const parts = split(sample);
    const blocks = unchanged(sample);
    blocks[1] = { type: 'cell', original: parts.blocks[1], content: 'x = 2' };
    expect(composeNotebook(parts, blocks)).toBe(sample.replace('x = 1', 'x = 2'));
  });

  it('adds, deletes and moves blocks, leaving the rest byte for byte', () => {
    const parts = split(sample);
    const [prose, x, y, more] = unchanged(sample);
    expect(composeNotebook(parts, [prose!, x!, { type: 'cell', content: 'z = 3\n' }, y!, more!])).toBe(sample.replace('```js\ny', '```js\nz = 3\n```\n\n```js\ny'));
    expect(composeNotebook(parts, [prose!, y!, more!])).toBe('---\ntitle: T\n---\n# T\n\nSome prose.\n\n```js\ny = x + 1\n```\n\nMore.\n');
    expect(composeNotebook(parts, [prose!, y!, x!, more!])).toBe(sample.replace('```js cache\nx = 1\n```\n\n```js\ny = x + 1\n```', '```js\ny = x + 1\n```\n\n```js cache\nx = 1\n```'));
    expect(composeNotebook(parts, [{ type: 'prose', original: parts.blocks[0], content: '# New title\n\n' }, x!, y!, more!])).toBe(sample.replace('# T\n\nSome prose.', '# New title'));
  });

  it('keeps option lines and the fence of an edited cell', () => {
    const text = '# Opts\n\n```js echo=false\n//| include: false\n\nbatch = 1\n\n```\n';
    const parts = split(text);
    expect(parts.blocks[1]!.content).toBe('batch = 1');
    expect(composeNotebook(parts, [parts.blocks[0]!, { ...parts.blocks[1]!, original: parts.blocks[1], content: 'batch = 2' }])).toBe(text.replace('batch = 1', 'batch = 2'));
  });

  it('splits a fenced block of several cells at their ranges, each editable on its own', () => {
    const text = '# Two\n\n```js\nx = 5\n\ny = x * x\n```\n';
    const parts = split(text);
    expect(parts.blocks.map((b) => b.content)).toEqual(['# Two', 'x = 5', 'y = x * x']);
    const blocks = unchanged(text);
    blocks[2] = { ...blocks[2]!, content: 'y = x + 1' };
    expect(composeNotebook(parts, blocks)).toBe(text.replace('y = x * x', 'y = x + 1'));
    expect(composeNotebook(parts, unchanged(text))).toBe(text);
  });

  it('closes and reopens a fenced block of several cells when its cells are parted', () => {
    const text = '# Two\n\n```js\n//| echo: false\nx = 5\n\ny = x * x\n```\n';
    const parts = split(text);
    const [prose, x, y] = unchanged(text);
    // y deleted: the block still closes.
    expect(composeNotebook(parts, [prose!, x!])).toBe('# Two\n\n```js\n//| echo: false\nx = 5\n```\n');
    // A new cell between them: x's block closes, y's reopens with the block's options.
    expect(composeNotebook(parts, [prose!, x!, { type: 'cell', content: 'z = 1' }, y!])).toBe(
      '# Two\n\n```js\n//| echo: false\nx = 5\n```\n\n```js\nz = 1\n```\n\n```js\n//| echo: false\ny = x * x\n```\n',
    );
    // Swapped: each its own block, and both still compile to the same cells.
    const swapped = composeNotebook(parts, [prose!, y!, x!]);
    expect(compile(swapped).cells.map((c) => c.source)).toEqual(['y = x * x', 'x = 5']);
  });

  it('writes a first cell into a notebook that had no blocks after its front matter', () => {
    const text = '---\ntitle: Empty\n---\n';
    expect(composeNotebook(split(text), [{ type: 'cell', content: 'x = 1' }])).toBe('---\ntitle: Empty\n---\n```js\nx = 1\n```\n');
  });
});
