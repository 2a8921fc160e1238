// Editing a cell over and over, as a live preview or an editor does, must not grow memory: the
// cell's runtime variables are redefined in place (deleting and re-creating a variable that others
// read leaves a placeholder variable behind in @observablehq/runtime, about 0.8 KB per edit here).
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { tf } from '@gradbook/core';
import { compile } from './compile.js';
import { run, type NotebookRun } from './run.js';

let open: NotebookRun[] = [];
afterEach(() => {
  for (const nb of open) nb.dispose();
  open = [];
});

const js = (source: string): string => '```js\n' + source + '\n```\n\n';

function collector(): () => number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
}

describe('NotebookRun.redefineCell and memory', () => {
  it('leaves the heap and tf.memory() flat over 5,000 edits of a cell that others read', async () => {
    const heap = collector();
    const nb = await run(compile(js('x = 1') + js('y = x + 1') + js('w = tf.tidy(() => tf.ones([3]).mul(y))') + js('total = tf.tidy(() => w.sum().dataSync()[0])')), { backend: 'cpu', cache: null });
    open.push(nb);
    await nb.settled();
    const edit = async (i: number): Promise<void> => {
      nb.redefineCell(0, `x = ${i % 7}`);
      await nb.settled();
    };
    // Warm-up: compiled code, caches and the runtime's sets reach their working size.
    for (let i = 0; i < 500; i++) await edit(i);
    const tensors = tf.memory().numTensors;
    const bytes = tf.memory().numBytes;
    const before = heap();
    for (let i = 0; i < 5000; i++) await edit(i);
    const after = heap();
    expect(nb.result().errors).toEqual({});
    expect(nb.result().cells.total).toBe(3 * ((4999 % 7) + 1));
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.memory().numBytes).toBe(bytes);
    // Deleting and re-creating the variables grew the heap by about 4 MB over these edits.
    expect((after - before) / 1e6).toBeLessThan(1.5);
  });

  it('stays flat when an edit changes the cell between a constant, an input and a mutable', async () => {
    const heap = collector();
    const nb = await run(compile(js('x = 1') + js('y = x * 2')), { backend: 'cpu', cache: null });
    open.push(nb);
    const sources = ['x = 3', 'viewof x = Inputs.range([0, 10], {value: 4})', 'mutable x = 5', 'x = (', 'x = 6'];
    const expected = [6, 8, 10, undefined, 12];
    const cycle = async (): Promise<void> => {
      for (const [k, source] of sources.entries()) {
        nb.redefineCell(0, source);
        await nb.settled();
        expect(nb.result().cells.y).toBe(expected[k]);
      }
    };
    for (let i = 0; i < 60; i++) await cycle();
    const before = heap();
    for (let i = 0; i < 300; i++) await cycle();
    const grown = (heap() - before) / 1e6;
    expect(grown).toBeLessThan(0.75);
    expect(nb.result()).toEqual({ cells: { x: 6, y: 12 }, errors: {} });
  });
});

describe('NotebookRun.redefineCell with an unchanged source', () => {
  it('changes nothing: no recomputation, no event, the same definition back', async () => {
    let events = 0;
    const nb = await run(compile(js('x = 2') + js('y = { yield x; yield x * 10; }')), {
      backend: 'cpu',
      cache: null,
      observer: () => ({ pending: () => void events++, fulfilled: () => void events++ }),
    });
    open.push(nb);
    await nb.settled();
    const cell = nb.definition.cells[0]!;
    const computations = [nb.cell('x')!.computations, nb.cell('y')!.computations];
    events = 0;
    expect(nb.redefineCell(0, cell.source)).toBe(cell);
    expect(nb.redefineCell(1, nb.definition.cells[1]!.source)).toBe(nb.definition.cells[1]);
    await nb.settled();
    expect(events).toBe(0);
    expect([nb.cell('x')!.computations, nb.cell('y')!.computations]).toEqual(computations);
    expect(nb.result().cells.y).toBe(20);
  });

  it('restores the definition that set() or an override replaced', async () => {
    const nb = await run(compile(js('x = 2') + js('y = x + 1')), { backend: 'cpu', cache: null, overrides: { x: 5 } });
    open.push(nb);
    await nb.settled();
    expect(nb.result().cells.y).toBe(6);
    nb.redefineCell(0, 'x = 2');
    await nb.settled();
    expect(nb.result().cells.y).toBe(3);
    nb.set('x', 9);
    await nb.settled();
    expect(nb.result().cells.y).toBe(10);
    nb.redefineCell(0, 'x = 2');
    await nb.settled();
    expect(nb.result().cells.y).toBe(3);
  });

  it('rejects a source that is not a string, naming the argument', async () => {
    const nb = await run(compile(js('x = 2')), { backend: 'cpu', cache: null });
    open.push(nb);
    expect(() => nb.redefineCell(0, 42 as never)).toThrow(/NotebookRun.redefineCell\(source\).*expected the cell's source as a string, received number/);
  });
});
