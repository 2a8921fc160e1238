import { afterEach, describe, expect, it } from 'vitest';
import { tf } from '@gradbook/core';
import { compile } from './compile.js';
import { run, type NotebookRun } from './run.js';
import { notebook } from './test-utils/notebooks.js';

let open: NotebookRun[] = [];
afterEach(() => {
  for (const nb of open) nb.dispose();
  open = [];
});

async function start(markdown: string, options: Parameters<typeof run>[1] = {}): Promise<NotebookRun> {
  const nb = await run(compile(markdown), { backend: 'cpu', ...options });
  open.push(nb);
  return nb;
}

describe('run', () => {
  it('computes cells in dependency order whatever their order in the file', async () => {
    const nb = await start(notebook('basics.md'));
    await nb.settled();
    const { cells, errors } = nb.result();
    expect(errors).toEqual({});
    expect(cells.x).toBe(21);
    expect(cells.y).toBe(42);
    expect(cells.lr).toBe(0.01);
    // w_k = (1 - lr)^k, computed by hand.
    expect(cells.final_loss as number).toBeCloseTo(0.99 ** 5, 5);
    expect((cells.run as { step: number }).step).toBe(5);
    expect(cells.check).toBe('the loss fell');
  });

  it('applies overrides to plain cells and to inputs', async () => {
    const nb = await start(notebook('basics.md'), { overrides: { steps: 2, lr: 0.5, x: 1 } });
    await nb.settled();
    const { cells } = nb.result();
    expect(cells.y).toBe(2);
    expect(cells.lr).toBe(0.5);
    expect(cells.final_loss as number).toBeCloseTo(0.25, 6);
    expect(nb.cell('lr')!.view).toMatchObject({ value: 0.5 });
  });

  it('rejects an override for a name no cell defines', async () => {
    await expect(run(compile('```js\nx = 1\n```\n'), { backend: 'cpu', overrides: { y: 2 } })).rejects.toThrow(/no cell defines y; the notebook defines x/);
  });

  it('streams the values of a generator cell to its dependents', async () => {
    const seen: number[] = [];
    const nb = await start('```js\nticks = { for (let i = 1; i <= 4; ++i) yield i; }\n```\n\n```js\nsquare = ticks * ticks\n```\n', {
      observer: (cell) => (cell.name === 'square' ? { fulfilled: (v) => seen.push(v as number) } : undefined),
    });
    await nb.settled();
    expect(seen).toEqual([1, 4, 9, 16]);
    expect(nb.cell('ticks')!.running).toBe(false);
  });

  it('gives each cell an AbortSignal that fires when the cell is invalidated', async () => {
    const nb = await start('```js\nx = 1\n```\n\n```js\nsig = { const s = signal; s.addEventListener("abort", () => (globalThis.__aborted = x)); return s; }\n```\n');
    await nb.settled();
    const first = nb.result().cells.sig as AbortSignal;
    expect(first.aborted).toBe(false);
    nb.set('x', 2);
    await nb.settled();
    expect(first.aborted).toBe(true);
    expect((globalThis as { __aborted?: number }).__aborted).toBe(1);
    expect((nb.result().cells.sig as AbortSignal).aborted).toBe(false);
  });

  it('recomputes dependents when an input moves', async () => {
    const nb = await start('```js\nviewof n = Inputs.range([0, 10], {value: 3, step: 1})\n```\n\n```js\ndouble = n * 2\n```\n');
    await nb.settled();
    expect(nb.result().cells.double).toBe(6);
    nb.set('n', 5);
    await nb.settled();
    expect(nb.result().cells.double).toBe(10);
  });

  it('supports mutable cells', async () => {
    const nb = await start('```js\nmutable count = 1\n```\n\n```js\nbump = { mutable count = mutable count + 10; return "bumped"; }\n```\n\n```js\nshown = count\n```\n');
    await nb.settled();
    expect(nb.result().cells.shown).toBe(11);
  });

  it('frees the tensors of a finished run when the notebook is disposed', async () => {
    const before = tf.memory().numTensors;
    const nb = await run(compile(notebook('basics.md')), { backend: 'cpu' });
    await nb.settled();
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    nb.dispose();
    await new Promise((r) => setTimeout(r, 10));
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('errors stay in their cell', () => {
  it('reports syntax errors, throws, circular definitions and undefined names, and runs the rest', async () => {
    const nb = await start(notebook('errors.md'));
    await nb.settled();
    const { cells, errors } = nb.result();
    expect(cells.ok).toBe(2);
    expect(cells.still_ok).toBe(20);
    expect(errors.broken).toMatch(/^Unexpected/);
    expect(errors.uses_broken).toMatch(/^input broken failed: Unexpected/);
    expect(errors.thrower).toBe('boom');
    expect(errors.after_thrower).toBe('input thrower failed: boom');
    expect(errors.a).toBe('circular definition');
    expect(errors.b).toBe('circular definition');
    expect(errors.c).toBe('input a failed: circular definition');
    expect(errors.missing).toBe('nowhere is not defined');
    expect(Object.keys(errors).sort()).toEqual(['a', 'after_thrower', 'b', 'broken', 'c', 'missing', 'thrower', 'uses_broken']);
  });

  it('keeps an error thrown part-way through a stream on that cell, after its earlier values', async () => {
    const seen: unknown[] = [];
    const nb = await start('```js\nrun = { for (let step = 1; ; ++step) { if (step === 4) throw new Error(`the loss is NaN at step ${step}`); yield {step, loss: 1 / step}; await null; } }\n```\n\n```js\nlast = run.step\n```\n', {
      observer: (cell) => (cell.name === 'last' ? { fulfilled: (v) => seen.push(v), rejected: (e) => seen.push(e.message) } : undefined),
    });
    await nb.settled();
    expect(nb.result().errors).toEqual({ run: 'the loss is NaN at step 4', last: 'input run failed: the loss is NaN at step 4' });
    expect(seen).toEqual([1, 2, 3, 'input run failed: the loss is NaN at step 4']);
    expect(nb.cell('run')!.running).toBe(false);
  });

  it('says so when a viewof cell does not make an input', async () => {
    const nb = await start('```js\nviewof x = 42\n```\n\n```js\ny = x + 1\n```\n\n```js\nviewof z = md`hi`\n```\n');
    await nb.settled();
    expect(nb.result().errors).toEqual({
      x: 'viewof x must be an input with a value and input events (an Inputs.* input or a form element), got number',
      y: 'input x failed: viewof x must be an input with a value and input events (an Inputs.* input or a form element), got number',
      z: 'viewof z must be an input with a value and input events (an Inputs.* input or a form element), got Markup',
    });
  });

  it('reports a duplicate definition on the cells that define the name', async () => {
    const nb = await start('```js\nx = 1\n```\n\n```js\nx = 2\n```\n\n```js\ny = x\n```\n');
    await nb.settled();
    expect(nb.result().errors.x).toBe('x is defined more than once');
    expect(nb.result().errors.y).toMatch(/x is defined more than once/);
  });
});
