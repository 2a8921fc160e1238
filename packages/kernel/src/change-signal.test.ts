import { afterEach, describe, expect, it, vi } from 'vitest';
import { compile } from './compile.js';
import { run, type NotebookRun } from './run.js';
import { ChangeSignal } from './change-signal.js';

let open: NotebookRun[] = [];
afterEach(() => {
  for (const nb of open) nb.dispose();
  open = [];
  vi.restoreAllMocks();
});

async function start(markdown: string): Promise<NotebookRun> {
  const nb = await run(compile(markdown), { backend: 'cpu', cache: null });
  open.push(nb);
  return nb;
}

const realSetTimeout = globalThis.setTimeout;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => realSetTimeout(resolve, ms));

describe('ChangeSignal', () => {
  it('calls each listener once per burst of changes, at the next microtask, until unsubscribed', async () => {
    const signal = new ChangeSignal();
    let calls = 0;
    const stop = signal.subscribe(() => calls++);
    signal.notify();
    signal.notify();
    signal.notify();
    expect(calls).toBe(0);
    await Promise.resolve();
    expect(calls).toBe(1);
    signal.notify();
    await Promise.resolve();
    expect(calls).toBe(2);
    stop();
    signal.notify();
    await Promise.resolve();
    expect(calls).toBe(2);
  });

  it('resolves next() at the next change, and at once after close()', async () => {
    const signal = new ChangeSignal();
    let resolved = false;
    void signal.next().then(() => (resolved = true));
    await Promise.resolve();
    expect(resolved).toBe(false);
    signal.notify();
    await Promise.resolve();
    expect(resolved).toBe(true);
    signal.close();
    await expect(signal.next()).resolves.toBeUndefined();
  });

  it('keeps calling the other listeners when one throws', async () => {
    const signal = new ChangeSignal();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let calls = 0;
    signal.subscribe(() => {
      throw new Error('boom');
    });
    signal.subscribe(() => calls++);
    signal.notify();
    await Promise.resolve();
    expect(calls).toBe(1);
    expect(error).toHaveBeenCalledWith('gradbook: an onChange listener threw', expect.any(Error));
  });

  it('rejects a listener that is not a function, naming the method', () => {
    expect(() => new ChangeSignal().subscribe(42 as never)).toThrow(/NotebookRun.onChange\(listener\): expected a function, received number/);
  });
});

describe('NotebookRun.onChange', () => {
  it('tells a listener when cells get values and when a stream ends, so the states it reads are current', async () => {
    const nb = await start('```js\nticks = { for (let i = 1; i <= 3; ++i) yield i; }\n```\n\n```js\nsquare = ticks * ticks\n```\n');
    const seen: string[] = [];
    nb.onChange(() => {
      const s = nb.cell('square')!;
      seen.push(`${s.status}:${String(s.value)}:${nb.cell('ticks')!.running}`);
    });
    await nb.settled();
    expect(seen).toContain('fulfilled:9:false');
    expect(seen.at(-1)).toBe('fulfilled:9:false');
    expect(seen.filter((s) => s.startsWith('fulfilled:1:')).length).toBeGreaterThan(0);
  });

  it('is called after redefineCell and after dispose, then no more', async () => {
    const nb = await start('```js\nx = 1\n```\n');
    await nb.settled();
    let calls = 0;
    nb.onChange(() => calls++);
    nb.redefineCell(0, 'x = 2');
    await nb.settled();
    expect(calls).toBeGreaterThan(0);
    const before = calls;
    nb.dispose();
    await Promise.resolve();
    expect(calls).toBe(before + 1);
    nb.redefineCell(0, 'x = 3');
    await sleep(5);
    expect(calls).toBe(before + 1);
  });
});

describe('NotebookRun.settled', () => {
  it('waits for a pending cell without polling on a timer, and wakes when it resolves', async () => {
    let open!: () => void;
    (globalThis as { __gate?: Promise<void> }).__gate = new Promise<void>((resolve) => (open = resolve));
    const nb = await start('```js\nx = { await globalThis.__gate; return 7; }\n```\n\n```js\ny = x + 1\n```\n');
    const timers = vi.spyOn(globalThis, 'setTimeout');
    let done = false;
    const settled = nb.settled().then((quiet) => ((done = true), quiet));
    await sleep(120);
    expect(done).toBe(false);
    // A poll would have set a timer every few milliseconds while the cell waited.
    expect(timers.mock.calls.filter(([, ms]) => typeof ms === 'number' && ms > 0).length).toBe(0);
    expect(timers.mock.calls.length).toBeLessThan(5);
    open();
    await expect(settled).resolves.toBe(true);
    expect(nb.result().cells.y).toBe(8);
    delete (globalThis as { __gate?: Promise<void> }).__gate;
  });

  it('still gives up at its timeout', async () => {
    const nb = await start('```js\nx = new Promise(() => {})\n```\n');
    const started = performance.now();
    await expect(nb.settled({ timeout: 80 })).resolves.toBe(false);
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
  });
});
