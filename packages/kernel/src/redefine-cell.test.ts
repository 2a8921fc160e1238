import { afterEach, describe, expect, it } from 'vitest';
import { tf } from '@gradbook/core';
import { compile } from './compile.js';
import { run, type NotebookRun } from './run.js';

let open: NotebookRun[] = [];
afterEach(() => {
  for (const nb of open) nb.dispose();
  open = [];
});

async function start(markdown: string): Promise<NotebookRun> {
  const nb = await run(compile(markdown), { backend: 'cpu', cache: null });
  open.push(nb);
  await nb.settled();
  return nb;
}

describe('NotebookRun.redefineCell', () => {
  it('recomputes dependents when a cell is edited', async () => {
    const nb = await start('```js\nx = 21\n```\n\n```js\ny = x * 2\n```\n\n```js\nz = y + 1\n```\n');
    nb.redefineCell(1, 'y = x * 3');
    await nb.settled();
    expect(nb.result().cells).toEqual({ x: 21, y: 63, z: 64 });
  });

  it('the observer sees the new value, never a passing undefined from the replaced definition', async () => {
    const seen: [string | null, unknown][] = [];
    const nb = await run(compile('```js\nx = 1\n```\n\n```js\ny = x + 1\n```\n'), {
      backend: 'cpu',
      cache: null,
      observer: (cell) => ({ fulfilled: (v: unknown) => seen.push([cell.name, v]) }),
    });
    open.push(nb);
    await nb.settled();
    seen.length = 0;
    nb.redefineCell(0, 'x = 3');
    await nb.settled();
    expect(seen).toEqual([['x', 3], ['y', 4]]);
  });

  it('follows a change of kind, and a syntax error and its fix', async () => {
    const nb = await start('```js\nx = 21\n```\n\n```js\ny = x * 2\n```\n');
    nb.redefineCell(0, 'viewof x = Inputs.range([0, 100], {value: 5})');
    await nb.settled();
    expect(nb.result().cells.y).toBe(10);
    nb.set('x', 7);
    await nb.settled();
    expect(nb.result().cells.y).toBe(14);
    const broken = nb.redefineCell(0, 'x = (');
    expect(broken.error).toMatch(/^Unexpected/);
    await nb.settled();
    expect(nb.result().errors.x).toMatch(/^Unexpected/);
    expect(nb.result().errors.y).toMatch(/^input x failed: Unexpected/);
    nb.redefineCell(0, 'x = 1');
    await nb.settled();
    expect(nb.result()).toEqual({ cells: { x: 1, y: 2 }, errors: {} });
    expect(nb.cells.map((c) => c.key)).toEqual(['x', 'y']);
  });

  it('renames a cell: readers of the old name fail, readers of the new one run', async () => {
    const nb = await start('```js\na = 1\n```\n\n```js\nb = a + 1\n```\n\n```js\nc = renamed + 1\n```\n');
    expect(nb.result().errors.c).toBe('renamed is not defined');
    nb.redefineCell(0, 'renamed = 10');
    await nb.settled();
    expect(nb.result().cells.c).toBe(11);
    expect(nb.result().errors.b).toBe('a is not defined');
  });

  it('frees the tensors of the replaced definition and stops its run', async () => {
    const before = tf.memory().numTensors;
    const nb = await run(compile('```js\nw = tf.ones([3])\n```\n\n```js\nticks = { for (let i = 0; i < 1e6; ++i) { if (signal.aborted) return; yield tf.scalar(i); await new Promise((r) => setTimeout(r, 1)); } }\n```\n'), { backend: 'cpu', cache: null });
    open.push(nb);
    await new Promise((r) => setTimeout(r, 30));
    nb.redefineCell(0, 'w = tf.zeros([3])');
    nb.redefineCell(1, 'ticks = 0');
    expect(await nb.settled({ timeout: 5000 })).toBe(true);
    expect(Array.from((nb.result().cells.w as tf.Tensor).dataSync())).toEqual([0, 0, 0]);
    expect(nb.result().cells.ticks).toBe(0);
    expect(tf.memory().numTensors - before).toBe(1);
  });

  it('rejects an index with no cell', async () => {
    const nb = await start('```js\nx = 1\n```\n');
    expect(() => nb.redefineCell(3, 'x = 2')).toThrow(/expected a cell index from 0 to 0, received 3/);
  });
});
