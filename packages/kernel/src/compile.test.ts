import { describe, expect, it } from 'vitest';
import { compile } from './compile.js';
import { compileCell } from './cell.js';

describe('compileCell', () => {
  it('names the cell and lists what it reads as parameters', () => {
    const cell = compileCell('y = x * factor');
    expect(cell.name).toBe('y');
    expect(cell.kind).toBe('normal');
    expect(cell.inputs).toEqual(['x', 'factor']);
    expect(cell.body!(3, 7)).toBe(21);
  });

  it('compiles block cells, async cells and generator cells', async () => {
    const block = compileCell('z = { const a = 2; return a + x; }');
    expect(block.body!(40)).toBe(42);
    const asyncCell = compileCell('v = await Promise.resolve(x + 1)');
    expect(asyncCell.async).toBe(true);
    expect(await asyncCell.body!(1)).toBe(2);
    const gen = compileCell('g = { for (let i = 0; i < n; ++i) yield i; }');
    expect(gen.generator).toBe(true);
    expect([...(gen.body!(3) as Generator<number>)]).toEqual([0, 1, 2]);
  });

  it('turns viewof and mutable references into parameters', () => {
    const view = compileCell('viewof lr = Inputs.range([0, 1])');
    expect(view.kind).toBe('viewof');
    expect(view.name).toBe('lr');
    const reader = compileCell('{ mutable count++; return viewof lr.value + mutable count; }');
    expect(reader.name).toBeNull();
    expect(reader.inputs).toEqual(['mutable count', 'viewof lr']);
    const counter = { value: 1 };
    expect(reader.body!(counter, { value: 10 })).toBe(12);
    expect(counter.value).toBe(2);
    const mut = compileCell('mutable count = 0');
    expect(mut.kind).toBe('mutable');
    expect(mut.name).toBe('count');
  });

  it('refuses import cells with a pointer to the standard library', () => {
    const cell = compileCell('import {x} from "y"');
    expect(cell.body).toBeNull();
    expect(cell.error).toMatch(/^import is not supported in notebooks; use the standard library/);
  });

  it('keeps a syntax error on the cell, with the name it would define', () => {
    const cell = compileCell('broken = (1 +');
    expect(cell.body).toBeNull();
    expect(cell.error).toBe('Unexpected end of input (line 1, column 14)');
    // In a notebook the position is the file's.
    const nb = compile('# T\n\n```js\nok = 1\n```\n\n```js\nbad = {\n  return 1 +;\n}\n```\n');
    expect(nb.cells[1].error).toBe('Unexpected token (line 9, column 13)');
    expect(cell.name).toBe('broken');
  });
});

describe('compile', () => {
  const nb = compile(
    '---\ntitle: T\nseed: 3\nbackend: cpu\ntest:\n  n: 1\n---\n# Heading\n\nSome prose.\n\n```js\ny = x + 1\n```\n\n```python\nnot a cell\n```\n\n```js cache\nx = 1\n```\n\nEnd.\n',
  );

  it('reads the front matter', () => {
    expect(nb.title).toBe('T');
    expect(nb.seed).toBe(3);
    expect(nb.backend).toBe('cpu');
    expect(nb.test).toEqual({ n: 1 });
  });

  it('keeps prose and cells in document order, other languages as prose', () => {
    expect(nb.blocks.map((b) => b.type)).toEqual(['prose', 'cell', 'prose', 'cell', 'prose']);
    expect(nb.cells.map((c) => c.name)).toEqual(['y', 'x']);
    expect((nb.blocks[2] as { markdown: string }).markdown).toContain('```python');
    expect(nb.cells[1].options.cache).toBe(true);
  });

  it('records the line each cell starts on', () => {
    expect(nb.cells[0].line).toBe(13);
    expect(nb.cells[1].line).toBe(21);
  });

  it('defaults title, seed and backend', () => {
    const plain = compile('# Hello\n\n```js\nx = 1\n```\n');
    expect(plain.title).toBe('Hello');
    expect(plain.seed).toBe(0);
    expect(plain.backend).toBe('auto');
  });

  it('rejects bad front matter with a fix', () => {
    expect(() => compile('---\nseed: [1\n---\n')).toThrow(/not valid YAML/);
    expect(() => compile('---\nseed: abc\n---\n')).toThrow(/seed must be a number/);
  });
});
