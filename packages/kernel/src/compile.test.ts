import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
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

  it('reads import cells: the module and each name, with viewof and mutable marks', () => {
    const cell = compileCell('import {x, viewof n as k, mutable m} from "./other.md"');
    expect(cell.error).toBeNull();
    expect(cell.imports).toEqual({
      from: './other.md',
      names: [
        { imported: 'x', local: 'x', view: false, mutable: false },
        { imported: 'n', local: 'k', view: true, mutable: false },
        { imported: 'm', local: 'm', view: false, mutable: true },
      ],
    });
    expect(compileCell('import {x} with {y} from "./other.md"').error).toMatch(/with \{…\} .* is not supported/);
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
    expect(() => compile('---\nseed: 1e400\n---\n')).toThrow('compile: front matter seed must be a number, received Infinity (a seed must be finite; a number this large does not fit a float64); write e.g. seed: 42');
    // An unclosed front matter is not silently prose.
    expect(() => compile('---\ntitle: T\nseed: 3\n# Heading\n\n```js\nx = 1\n```\n')).toThrow(
      'compile: the front matter opened by --- on line 1 is never closed; end it with a line of --- (or remove the first line)',
    );
  });
});

describe('compile: where each block sits in the file', () => {
  const text = '---\ntitle: R\n---\n# R\n\nProse *one*.\n\n```js echo=false\n//| panel: input\n\nviewof n = Inputs.range([0, 9])\n```\n\nMore.\n\n~~~ojs\ny = n + 1\n~~~\n';
  const nb = compile(text);

  it('gives each cell the range of its source and of its fence, option lines outside the source', () => {
    const [a, b] = nb.cells;
    expect(text.slice(a.range!.start, a.range!.end)).toBe('viewof n = Inputs.range([0, 9])');
    expect(a.source).toBe('viewof n = Inputs.range([0, 9])');
    expect(text.slice(a.fence!.start, a.fence!.end)).toBe('```js echo=false\n//| panel: input\n\nviewof n = Inputs.range([0, 9])\n```');
    expect(a.line).toBe(11);
    expect(a.options).toEqual({ echo: false, panel: 'input' });
    expect(text.slice(b.range!.start, b.range!.end)).toBe('y = n + 1');
    expect(text.slice(b.fence!.start, b.fence!.end)).toBe('~~~ojs\ny = n + 1\n~~~');
  });

  it('gives each prose block its range, so splicing an edit keeps the rest byte for byte', () => {
    const prose = nb.blocks.filter((b) => b.type === 'prose');
    expect(prose.map((p) => text.slice(p.range.start, p.range.end))).toEqual(['# R\n\nProse *one*.', 'More.']);
    const cell = nb.cells[1];
    const edited = text.slice(0, cell.range!.start) + 'y = n * 2' + text.slice(cell.range!.end);
    expect(compile(edited).cells[1].source).toBe('y = n * 2');
    expect(edited.replace('y = n * 2', 'y = n + 1')).toBe(text);
  });

  it('maps ranges back to the file when it has CRLF line ends and a byte-order mark', () => {
    const crlf = '\uFEFF' + text.replace(/\n/g, '\r\n');
    const c = compile(crlf);
    expect(c.cells.map((cell) => crlf.slice(cell.range!.start, cell.range!.end))).toEqual(['viewof n = Inputs.range([0, 9])', 'y = n + 1']);
    expect(crlf.slice(c.cells[0].fence!.start, c.cells[0].fence!.end)).toBe('```js echo=false\r\n//| panel: input\r\n\r\nviewof n = Inputs.range([0, 9])\r\n```');
    const prose = c.blocks[0] as { range: { start: number; end: number } };
    expect(crlf.slice(prose.range.start, prose.range.end)).toBe('# R\r\n\r\nProse *one*.');
    expect(c.cells[0].line).toBe(11);
  });

  it('keeps a bad option on its cell as the cell\'s error', () => {
    const bad = compile('```js\n//| echo: maybe\nx = 1\n```\n');
    expect(bad.cells[0].body).toBeNull();
    expect(bad.cells[0].error).toBe(`cell option echo must be true, false, 'fold' or 'fenced', received "maybe"`);
    expect(bad.cells[0].name).toBe('x');
  });

  it('shows an eval: false cell as code without running it', () => {
    const shown = compile('```js\n//| eval: false\nx = 1\n```\n\n```js run=false\ny = 2\n```\n');
    expect(shown.cells).toEqual([]);
    expect(shown.blocks.map((b) => (b as { markdown: string }).markdown)).toEqual(['```js\nx = 1\n```', '```js\ny = 2\n```']);
  });

  it('reads an unclosed fence at the end of the file and an empty fence', () => {
    const open = compile('```js\nx = 1\n');
    expect(open.cells[0].source).toBe('x = 1');
    const empty = compile('```js\n```\n');
    expect(empty.cells[0].source).toBe('');
    expect(empty.cells[0].error).toBeNull();
  });

  it('in every notebook of the repository, each range holds its source', () => {
    const dir = path.resolve(__dirname, '../../../notebooks');
    const files = readdirSync(dir).filter((f) => f.endsWith('.md'));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const nb = compile(text);
      for (const cell of nb.cells) expect(text.slice(cell.range!.start, cell.range!.end)).toBe(cell.source);
      for (const block of nb.blocks) if (block.type === 'prose') expect(text.slice(block.range.start, block.range.end)).toBe(block.markdown);
    }
  });
});

describe('compile: blocks of several cells', () => {
  const text = '# M\n\n```{ojs}\n//| echo: false\nx = 5\ny = x * x\n\n// a broken one\nz = (1 +\nw = y + 1\n```\n';
  const nb = compile(text);

  it('splits a block into its cells, each with its name, line, range and error', () => {
    expect(nb.cells.map((c) => c.name)).toEqual(['x', 'y', 'z', 'w']);
    expect(nb.cells.map((c) => c.line)).toEqual([5, 6, 8, 10]);
    expect(nb.cells.map((c) => text.slice(c.range!.start, c.range!.end))).toEqual(['x = 5', 'y = x * x', '// a broken one\nz = (1 +', 'w = y + 1']);
    expect(nb.cells.map((c) => c.error)).toEqual([null, null, 'Unexpected end of input (line 9, column 9)', null]);
    expect(nb.cells.map((c) => c.index)).toEqual([0, 1, 2, 3]);
  });

  it('shares the block\'s options and fence among its cells', () => {
    expect(nb.cells.every((c) => c.options.echo === false)).toBe(true);
    expect(new Set(nb.cells.map((c) => JSON.stringify(c.fence))).size).toBe(1);
    expect(nb.blocks.filter((b) => b.type === 'cell')).toHaveLength(4);
  });
});
