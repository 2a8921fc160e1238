import { afterEach, describe, expect, it, vi } from 'vitest';
import { compile } from './compile.js';
import { run, type NotebookRun } from './run.js';

let open: NotebookRun[] = [];
afterEach(() => {
  for (const nb of open) nb.dispose();
  open = [];
  vi.restoreAllMocks();
});

async function start(markdown: string): Promise<NotebookRun> {
  const nb = await run(compile(markdown), { backend: 'cpu', cache: null });
  open.push(nb);
  await nb.settled();
  return nb;
}

const cell = (source: string) => '```js\n' + source + '\n```\n';

describe('a synchronous cell that leaves tensors outside its value', () => {
  it('is named in one warning with the number of stray tensors, once however often it recomputes', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const nb = await start(
      cell('viewof k = Inputs.range([1, 5], {value: 1, step: 1})') +
        cell('leaky = { const a = tf.ones([3]); const b = tf.ones([3]).mul(k); return b.sum().arraySync(); }') +
        cell('tidy = tf.tidy(() => tf.ones([3]).mul(k).sum().arraySync())') +
        cell('owned = ({ w: tf.fill([2], k) })'),
    );
    const messages = warn.mock.calls.map((c) => String(c[0]));
    expect(messages.filter((m) => m.includes('cell leaky'))).toHaveLength(1);
    // a, b, the product's input ones and the sum: four tensors, none in the value (a number).
    expect(messages.find((m) => m.includes('cell leaky'))).toMatch(/made 4 tensors that are not part of its value.*tf\.tidy/);
    expect(messages.some((m) => m.includes('cell tidy') || m.includes('cell owned'))).toBe(false);
    nb.set('k', 2);
    await nb.settled();
    expect(warn.mock.calls.filter((c) => String(c[0]).includes('cell leaky'))).toHaveLength(1);
  });

  it('counts only the tensors outside the value: one stray beside one kept', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await start(
      cell('half = { const scratch = tf.zeros([2]); return { kept: tf.ones([2]) }; }') +
        // Passing on an input's tensor makes nothing new; beside a scratch tensor it is not counted as kept.
        cell('passOn = ({ again: half.kept })') +
        cell('passOnAndStray = { const scratch = tf.zeros([2]); return { again: half.kept }; }'),
    );
    const messages = warn.mock.calls.map((c) => String(c[0]));
    expect(messages.find((m) => m.includes('cell half'))).toMatch(/made 1 tensor that is not part of its value/);
    expect(messages.some((m) => m.includes('cell passOn '))).toBe(false);
    expect(messages.find((m) => m.includes('cell passOnAndStray'))).toMatch(/made 1 tensor that is not/);
  });
});
