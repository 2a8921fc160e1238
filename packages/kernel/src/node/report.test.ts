import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../compile.js';
import { run, type NotebookRun } from '../run.js';
import { notebook } from '../test-utils/notebooks.js';
import { renderReport, writeReport } from './report.js';

const temp = mkdtempSync(path.join(tmpdir(), 'gradbook-report-'));
let nb: NotebookRun;
let page: string;
const definition = compile(notebook('report.md'));

beforeAll(async () => {
  nb = await run(definition, { backend: 'cpu', cache: null });
  await nb.settled();
  page = await renderReport(definition, nb);
});
afterAll(() => {
  nb.dispose();
  rmSync(temp, { recursive: true, force: true });
});

describe('renderReport', () => {
  it('keeps strings from cells as text: no script element or handler from a cell survives', () => {
    expect(page).toContain('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;');
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<img src=x/i);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // HTML a cell builds goes into a sandboxed frame, its interpolated string escaped twice over.
    expect(page).toMatch(/<iframe class="markup" sandbox srcdoc="&lt;b&gt;&amp;lt;script&amp;gt;/);
    // Raw HTML inside md`…` shows as text.
    expect(page).toContain(`<strong>${Math.exp(-0.25 * 19).toFixed(3)}</strong> &lt;script&gt;alert(1)&lt;/script&gt;`);
  });

  it('renders prose, input values, plots as SVG and heatmaps and 2-D tensors as PNG', () => {
    expect(page).toContain('<em>emphasis</em>');
    expect(page).toContain('<h1>A report</h1>');
    expect(page).toMatch(/lr<\/span> \(learning rate\) = <code>0\.25<\/code>/);
    expect(page).toMatch(/<div class="plot"><svg[^>]*>[\s\S]*loss &lt;b&gt;curve&lt;\/b&gt;[\s\S]*<\/svg><\/div>/);
    expect(page.match(/<img class="heatmap"[^>]*src="data:image\/png;base64,/g)).toHaveLength(2);
    expect(page).toContain('width="280" height="210"');
    expect(page).toContain('tensor float32 [2, 3]');
  });

  it('renders tables, arrays of records, training runs and errors', () => {
    expect(page).toContain(`<tr><td>1</td><td>${Number(Math.exp(-0.25).toPrecision(6))}</td></tr>`);
    expect(page).toContain('<th>step</th><th>loss</th>');
    expect(page).toContain('<td>&lt;i&gt;b&lt;/i&gt;</td>');
    expect(page).toContain(`step 20 · epoch 1 · loss ${Number(Math.exp(-0.25 * 19).toPrecision(6))} · accuracy 0.75`);
    expect(page).toContain('<div class="message"><span class="name">oops</span>: &lt;img');
    expect(page).toContain('1 cell failed');
  });

  it('needs no server: no external URL is referenced', () => {
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
  });
});

describe('writeReport', () => {
  it('writes index.html', async () => {
    const file = await writeReport(definition, nb, path.join(temp, 'out'));
    expect(file).toBe(path.join(temp, 'out', 'index.html'));
    expect(readFileSync(file, 'utf8')).toBe(page);
  });
});


describe('renderReport of assert cells', () => {
  it('marks each claim as held or not, and counts them in the header', async () => {
    const js = (source: string): string => '```js\n' + source + '\n```\n\n';
    const claims = compile(js('x = 2') + js('fine = assert(x + x === 4, "two and two <make> four")') + js('wrong = assert(x + x === 5, "two and two make five")') + js('y = assert(undefinedName, "not reached")'));
    const run2 = await run(claims, { backend: 'cpu', cache: null });
    await run2.settled();
    const html = await renderReport(claims, run2);
    run2.dispose();
    expect(html).toContain('<section class="cell assert pass" id="cell-2">');
    expect(html).toContain('<p class="claim"><span class="mark">✓ holds</span>: two and two &lt;make&gt; four</p>');
    expect(html).toContain('<section class="cell assert fail" id="cell-3">');
    expect(html).toContain('<p class="claim"><span class="mark">✗ does not hold</span>: two and two make five</p>');
    // A cell that failed before its assertion ran is an error, not a claim.
    expect(html).toContain('<section class="cell error" id="cell-4">');
    expect(html).toContain('2 cells failed · 1 of 2 claims hold');
  });
});

describe('renderReport and cell options', () => {
  it('hides an include: false cell, the source of echo: false, the value of output: false, and folds echo: fold', async () => {
    const text = '```js\n//| include: false\nhidden = "plumbing-value"\n```\n\n```js\n//| echo: false\nshown = "only-the-value"\n```\n\n```js\n//| output: false\nquiet = "no-output-value"\n```\n\n```js\n//| echo: fold\nfolded = 1 + 1\n```\n';
    const def = compile(text);
    const run1 = await run(def, { backend: 'cpu', cache: null });
    try {
      await run1.settled();
      const html = await renderReport(def, run1);
      expect(html).not.toContain('plumbing-value');
      expect(html).toContain('only-the-value');
      expect(html).not.toContain('shown = ');
      expect(html).toContain('quiet = &quot;no-output-value&quot;');
      expect(html).not.toContain('<pre class="value">&quot;no-output-value&quot;</pre>');
      expect(html).toContain('<details><summary>code</summary><pre class="source"><code>folded = 1 + 1</code></pre></details>');
    } finally {
      run1.dispose();
    }
  });
});
