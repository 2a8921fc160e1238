import { afterEach, describe, expect, it } from 'vitest';
import { tf } from '@gradbook/core';
import { compile } from './compile.js';
import { run, type NotebookRun } from './run.js';

interface RunLog {
  lr: number;
  steps: number;
  afterAbort: number;
  stoppedAt: number | null;
}

declare global {
  // eslint-disable-next-line no-var
  var __runs: RunLog[];
}

let open: NotebookRun[] = [];
afterEach(() => {
  for (const nb of open) nb.dispose();
  open = [];
});

/** A notebook whose training-like cell takes `stepMs` per step and makes tensors at every step. */
function trainingNotebook(options: { stepMs: number; steps: number; checksSignal: boolean }): string {
  return `
\`\`\`js
viewof lr = Inputs.range([0, 1], {value: 0.1})
\`\`\`

\`\`\`js
run = {
  const entry = {lr, steps: 0, afterAbort: 0, stoppedAt: null};
  globalThis.__runs.push(entry);
  signal.addEventListener("abort", () => (entry.stoppedAt = entry.steps));
  let w = tf.scalar(1);
  try {
    for (let step = 1; step <= ${options.steps}; ++step) {
      ${options.checksSignal ? 'if (signal.aborted) return;' : ''}
      await new Promise((resolve) => setTimeout(resolve, ${options.stepMs}));
      const next = tf.tidy(() => w.sub(w.mul(lr)));
      w.dispose();
      w = next;
      entry.steps++;
      if (signal.aborted) entry.afterAbort++;
      yield {step, loss: w.dataSync()[0], params: {w: w.clone()}};
    }
  } finally {
    w.dispose();
  }
}
\`\`\`

\`\`\`js
loss = run.loss
\`\`\`
`;
}

async function waitFor(condition: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('a moved input cancels the stale run', () => {
  for (const checksSignal of [true, false]) {
    it(`stops the stale run within one step (${checksSignal ? 'a generator that checks signal' : 'a generator that ignores signal'})`, async () => {
      globalThis.__runs = [];
      const before = tf.memory().numTensors;
      const nb = await run(compile(trainingNotebook({ stepMs: 15, steps: 200, checksSignal })), { backend: 'cpu', cache: null });
      open.push(nb);
      await waitFor(() => globalThis.__runs[0]?.steps >= 3);
      nb.set('lr', 0.5);
      // The new run starts long before the stale one's 200 steps (3 s) could finish.
      await waitFor(() => globalThis.__runs.length === 2 && globalThis.__runs[1].steps >= 1, 2000);
      const [stale, fresh] = globalThis.__runs;
      expect(stale.lr).toBe(0.1);
      expect(fresh.lr).toBe(0.5);
      expect(stale.stoppedAt).not.toBeNull();
      expect(stale.steps - stale.stoppedAt!).toBeLessThanOrEqual(1);
      expect(stale.afterAbort).toBeLessThanOrEqual(1);
      const staleSteps = stale.steps;
      await new Promise((r) => setTimeout(r, 60));
      expect(stale.steps).toBe(staleSteps);
      nb.dispose();
      await new Promise((r) => setTimeout(r, 40));
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('does not make the new run wait for a stale run that is still computing its first value', async () => {
    globalThis.__runs = [];
    const nb = await run(compile(trainingNotebook({ stepMs: 60, steps: 100, checksSignal: true })), { backend: 'cpu', cache: null });
    open.push(nb);
    await waitFor(() => globalThis.__runs.length === 1);
    // The runtime (v6) computes the new value only once the old computation (here: the first
    // step of the old run) settles; the signal ends that computation after the step in flight.
    nb.set('lr', 0.3);
    await waitFor(() => globalThis.__runs.length === 2);
    const [stale, fresh] = globalThis.__runs;
    expect(stale.steps).toBeLessThanOrEqual(1);
    expect(fresh.lr).toBe(0.3);
    await waitFor(() => fresh.steps >= 1);
    expect(stale.steps).toBeLessThanOrEqual(1);
  });

  it('stops a stale async cell that consumes a whole run (no yield) through its signal', async () => {
    globalThis.__runs = [];
    const source = `
\`\`\`js
viewof lr = Inputs.range([0, 1], {value: 0.1})
\`\`\`

\`\`\`js
final = {
  const entry = {lr, steps: 0, afterAbort: 0, stoppedAt: null};
  globalThis.__runs.push(entry);
  signal.addEventListener("abort", () => (entry.stoppedAt = entry.steps));
  let loss = 1;
  for (let step = 1; step <= 100; ++step) {
    if (signal.aborted) throw signal.reason;
    await new Promise((resolve) => setTimeout(resolve, 15));
    loss *= 1 - lr;
    entry.steps++;
  }
  return loss;
}
\`\`\`
`;
    const nb = await run(compile(source), { backend: 'cpu', cache: null });
    open.push(nb);
    await waitFor(() => globalThis.__runs[0]?.steps >= 2);
    nb.set('lr', 0.5);
    // Without the signal the runtime would start the new computation only after all 100 steps.
    await waitFor(() => globalThis.__runs.length === 2, 1000);
    const [stale] = globalThis.__runs;
    expect(stale.steps - stale.stoppedAt!).toBeLessThanOrEqual(1);
    await nb.settled();
    expect(nb.result().cells.final as number).toBeCloseTo(0.5 ** 100, 30);
    expect(nb.result().errors).toEqual({});
  });

  it('drops intermediate input values that arrive while the stale run settles', async () => {
    globalThis.__runs = [];
    const nb = await run(compile(trainingNotebook({ stepMs: 150, steps: 100, checksSignal: true })), { backend: 'cpu', cache: null });
    open.push(nb);
    await waitFor(() => globalThis.__runs[0]?.steps >= 1);
    for (const lr of [0.2, 0.3, 0.4, 0.5]) {
      nb.set('lr', lr);
      await new Promise((r) => setTimeout(r, 2));
    }
    await waitFor(() => globalThis.__runs.some((r) => r.lr === 0.5 && r.steps >= 1));
    await new Promise((r) => setTimeout(r, 100));
    const started = globalThis.__runs.map((r) => r.lr);
    expect(started[0]).toBe(0.1);
    expect(started.at(-1)).toBe(0.5);
    // The values queued while the first run finished its step never start a run.
    expect(started).not.toContain(0.3);
    expect(started).not.toContain(0.4);
    expect(nb.cell('lr')!.value).toBe(0.5);
  });

  it('streams the new run into dependents and ends with its last value', async () => {
    globalThis.__runs = [];
    const nb = await run(compile(trainingNotebook({ stepMs: 1, steps: 6, checksSignal: true })), { backend: 'cpu', cache: null });
    open.push(nb);
    await nb.settled();
    expect(nb.result().cells.loss as number).toBeCloseTo(0.9 ** 6, 5);
    nb.set('lr', 0.5);
    await nb.settled();
    expect(nb.result().cells.loss as number).toBeCloseTo(0.5 ** 6, 6);
  });
});
