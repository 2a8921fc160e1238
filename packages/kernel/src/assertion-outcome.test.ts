import { afterEach, describe, expect, it } from 'vitest';
import { compile } from './compile.js';
import { run, type NotebookRun } from './run.js';
import { claimOf, claimsOf } from './assertion-outcome.js';

let open: NotebookRun[] = [];
afterEach(() => {
  for (const nb of open) nb.dispose();
  open = [];
});

const js = (source: string): string => '```js\n' + source + '\n```\n\n';

describe('claimOf', () => {
  it('gives the claim of a held and of a failed assert, and nothing for other cells or other failures', async () => {
    const nb = await run(
      compile(js('x = 2') + js('held = assert(x > 1, "x is above 1")') + js('assert(x > 3, "x is above 3")') + js('other = "does not hold: a string"') + js('bad = assert(missing, "never checked")') + js('thrown = { assert(true, "fine"); throw new Error("does not hold: no"); }')),
      { backend: 'cpu', cache: null },
    );
    open.push(nb);
    await nb.settled();
    expect(claimOf(nb.cell('held')!)).toEqual({ cell: 'held', claim: 'x is above 1', holds: true });
    expect(claimOf(nb.cell('cell 3')!)).toEqual({ cell: 'cell 3', claim: 'x is above 3', holds: false });
    expect(claimOf(nb.cell('x')!)).toBeNull();
    expect(claimOf(nb.cell('other')!)).toBeNull();
    expect(claimOf(nb.cell('bad')!)).toBeNull();
    expect(claimsOf(nb.cells).map((c) => c.cell)).toEqual(['held', 'cell 3', 'thrown']);
  });

  it('says nothing while the cell is still computing', async () => {
    const nb = await run(compile(js('x = new Promise(() => {})') + js('check = assert(x, "x came")')), { backend: 'cpu', cache: null });
    open.push(nb);
    await nb.settled({ timeout: 30 });
    expect(claimOf(nb.cell('check')!)).toBeNull();
  });
});
