import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as core from '@gradbook/core';
import * as optim from '@gradbook/optim';
import * as plot from '@gradbook/plot';
import { compile } from './compile.js';
import { run, type NotebookRun } from './run.js';
import { library } from './library.js';
import { HeadlessInput, Inputs } from './inputs.js';
import { Generators, Mutable } from './generators.js';
import { html, md, Markup } from './markup.js';
import { assert, AssertionFailed } from './assert.js';

let open: NotebookRun[] = [];
afterEach(() => {
  for (const nb of open) nb.dispose();
  open = [];
});

describe('library', () => {
  it('merges the Gradbook packages into gb, core winning a clash', () => {
    const { gb } = library() as { gb: Record<string, unknown> };
    expect(gb.tf).toBe(core.tf);
    expect(gb.tree).toBe(core.tree);
    expect(gb.setBackend).toBe(core.setBackend);
    expect(gb.chain).toBe(optim.chain);
    expect(gb.lossCurve).toBe(plot.lossCurve);
  });

  it('gives cells tf, arquero, the plot builders, Inputs, md, html, Generators, assert, seed and backend', async () => {
    const nb = await run(
      compile(
        '---\nseed: 11\n---\n```js\nout = ({tf: typeof tf.tensor, aq: typeof aq.table, op: typeof op.mean, plot: typeof gbPlot.lossCurve, inputs: typeof Inputs.range, md: String(md`*x*`), html: String(html`<i>${"<"}</i>`), gen: typeof Generators.observe, seed, backend})\n```\n',
      ),
      { backend: 'cpu', cache: null },
    );
    open.push(nb);
    await nb.settled();
    expect(nb.result().cells.out).toEqual({ tf: 'function', aq: 'function', op: 'function', plot: 'function', inputs: 'function', md: '*x*', html: '<i>&lt;</i>', gen: 'function', seed: 11, backend: 'cpu' });
  });

  it("says where a Gradbook builder went when a cell calls it on Observable's Plot", async () => {
    const nb = await run(compile('```js\nold = Plot.lossCurve([{step: 1, loss: 1}])\n```\n\n```js\nnew_ = typeof gbPlot.lossCurve([{step: 1, loss: 1}])\n```\n'), { backend: 'cpu', cache: null });
    open.push(nb);
    await nb.settled();
    expect(nb.result().errors.old).toBe("Plot.lossCurve is not Observable Plot's: Gradbook's vega-lite builders are gbPlot.lossCurve (or gb.lossCurve); Plot is Observable Plot");
    expect(nb.result().cells.new_).toBe("object");
  });

  it('lets an app replace a builtin', async () => {
    const nb = await run(compile('```js\nv = Inputs\n```\n'), { backend: 'cpu', library: { Inputs: 'mine' } });
    open.push(nb);
    await nb.settled();
    expect(nb.result().cells.v).toBe('mine');
  });
});

describe('Inputs without a DOM', () => {
  it('makes headless inputs holding their value (range defaults to the middle)', () => {
    const r = Inputs.range([0, 10]) as HeadlessInput;
    expect(r).toBeInstanceOf(HeadlessInput);
    expect(r.value).toBe(5);
    expect((Inputs.range([0, 1], { value: 0.2, label: 'lr' }) as HeadlessInput).label).toBe('lr');
    expect((Inputs.select(['a', 'b']) as HeadlessInput).value).toBe('a');
    expect((Inputs.checkbox(['a', 'b'], { value: ['b'] }) as HeadlessInput).value).toEqual(['b']);
    expect((Inputs.toggle() as HeadlessInput).value).toBe(false);
    expect(() => Inputs.range([0] as never)).toThrow(/extent \[min, max\]/);
  });

  it('yields the value, then each new value set, keeping only the latest', async () => {
    const view = Inputs.range([0, 1], { value: 0.5 }) as HeadlessInput;
    const values = Generators.input(view);
    expect(await values.next().value).toBe(0.5);
    view.set(0.6);
    view.set(0.7);
    expect(await values.next().value).toBe(0.7);
    const pending = values.next().value as Promise<unknown>;
    view.set(0.8);
    expect(await pending).toBe(0.8);
    values.return();
    expect(values.next().done).toBe(true);
  });
});

describe('Mutable', () => {
  it('yields each assignment to its generator', async () => {
    const m = new Mutable(1);
    expect(await m.generator.next().value).toBe(1);
    m.value = 2;
    expect(m.value).toBe(2);
    expect(await m.generator.next().value).toBe(2);
  });
});

describe('md and html without a DOM', () => {
  it('return markup; html escapes interpolated strings', () => {
    const a = md`# ${'x'}` as Markup;
    expect(a).toBeInstanceOf(Markup);
    expect(a.toHtml()).toBe('<h1>x</h1>\n');
    expect(String(html`<p>${'<b>'}${html`<i>ok</i>`}</p>`)).toBe('<p>&lt;b&gt;<i>ok</i></p>');
  });
});

describe('assert', () => {
  it('returns the claim when it holds and throws it when it does not', () => {
    expect(assert(1 < 2, 'one is less than two')).toBe('one is less than two');
    expect(() => assert(false, 'the loss falls')).toThrow(AssertionFailed);
    // A claim is a statement of fact; when it fails, the message must not read as if it held.
    expect(() => assert(false, 'the loss falls')).toThrow(/^does not hold: the loss falls$/);
    try {
      assert(0, 'zero is truthy');
    } catch (e) {
      expect((e as AssertionFailed).claim).toBe('zero is truthy');
    }
  });
});

describe('browser safety', () => {
  it('the main entry reaches no node: module', () => {
    const src = path.dirname(fileURLToPath(import.meta.url));
    const seen = new Set<string>();
    const offenders: string[] = [];
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+'([^']+)'/gm)) {
        const spec = m[1];
        if (spec.startsWith('node:') || ['fs', 'path', 'os', 'url', 'crypto'].includes(spec)) offenders.push(`${path.relative(src, file)} imports ${spec}`);
        if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
      }
    };
    visit(path.join(src, 'index.ts'));
    expect(seen.size).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });
});

describe('Generators.observe', () => {
  it('reports each value replaced before it was pulled', async () => {
    const dropped: number[] = [];
    let change: (v: number) => number = (v) => v;
    const gen = Generators.observe<number>((c) => void (change = c), (v) => dropped.push(v));
    change(1);
    change(2);
    change(3);
    expect(await gen.next().value).toBe(3);
    expect(dropped).toEqual([1, 2]);
    const next = gen.next().value;
    change(4);
    expect(await next).toBe(4);
    expect(dropped).toEqual([1, 2]);
  });
});
