import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { tf } from '@gradbook/core';
import { compile } from './compile.js';
import { run, type NotebookRun } from './run.js';
import { TensorOwnership, tensorsIn } from './ownership.js';

let open: NotebookRun[] = [];
afterEach(() => {
  for (const nb of open) nb.dispose();
  open = [];
});

async function start(markdown: string, backend: 'cpu' | 'wasm' = 'cpu'): Promise<NotebookRun> {
  const nb = await run(compile(markdown), { backend, cache: null });
  open.push(nb);
  await nb.settled();
  return nb;
}

describe('tensorsIn', () => {
  it('finds tensors in plain objects, arrays, Maps and Sets, once each', () => {
    const [a, b, c] = [tf.scalar(1), tf.scalar(2), tf.scalar(3)];
    const cyclic: Record<string, unknown> = { a };
    cyclic.self = cyclic;
    const found = tensorsIn({ x: [a, { b }], m: new Map([['c', c]]), s: new Set([a]), cyclic, n: 1, f: () => a });
    expect([...found].sort((p, q) => p.id - q.id)).toEqual([a, b, c]);
    tf.dispose([a, b, c]);
  });

  it('does not walk class instances or module namespaces', () => {
    const t = tf.scalar(1);
    class Box {
      constructor(readonly t: tf.Tensor) {}
    }
    expect(tensorsIn(new Box(t)).size).toBe(0);
    expect(tensorsIn(tf).size).toBe(0);
    t.dispose();
  });
});

describe('TensorOwnership', () => {
  it('disposes a tensor when the last value holding it is released', () => {
    const own = new TensorOwnership();
    const shared = tf.scalar(1);
    const mine = tf.scalar(2);
    const l1 = own.hold({ shared, mine });
    const l2 = own.hold([shared]);
    expect(own.release(l1)).toBe(1);
    expect(mine.isDisposed).toBe(true);
    expect(shared.isDisposed).toBe(false);
    own.release(l2);
    expect(shared.isDisposed).toBe(true);
    expect(own.size).toBe(0);
  });
});

describe('cells own their tensors', () => {
  it('disposes what an invalidated cell held, but not what a live cell still holds', async () => {
    const before = tf.memory().numTensors;
    const nb = await start('```js\nk = 1\n```\n\n```js\na = tf.scalar(k)\n```\n\n```js\nb = ({t: a, own: tf.scalar(5)})\n```\n\n```js\nc = 1\n```\n\n```js\nd = ({kept: a, mine: tf.scalar(c)})\n```\n');
    const { a, b, d } = nb.result().cells as { a: tf.Tensor; b: { own: tf.Tensor }; d: { mine: tf.Tensor } };
    expect(tf.memory().numTensors - before).toBe(3);
    // Re-running d frees d's own tensor; a, which a live cell holds, survives.
    nb.set('c', 2);
    await nb.settled();
    expect(d.mine.isDisposed).toBe(true);
    expect(a.isDisposed).toBe(false);
    expect(tf.memory().numTensors - before).toBe(3);
    // Re-running a invalidates b and d too: a's old tensor and b's own are freed.
    nb.set('k', 3);
    await nb.settled();
    expect(a.isDisposed).toBe(true);
    expect(b.own.isDisposed).toBe(true);
    expect(tf.memory().numTensors - before).toBe(3);
    expect(((nb.result().cells.a as tf.Tensor).dataSync()[0])).toBe(3);
  });

  it('frees a streaming cell\'s superseded values, except tensors the new value still holds', async () => {
    const before = tf.memory().numTensors;
    const nb = await start('```js\nshared = tf.scalar(7)\n```\n\n```js\nsteps = { for (let i = 0; i < 4; ++i) yield {i, t: tf.scalar(i), shared}; }\n```\n');
    const shared = nb.result().cells.shared as tf.Tensor;
    expect(shared.isDisposed).toBe(false);
    // shared + the last yielded tensor.
    expect(tf.memory().numTensors - before).toBe(2);
  });

  for (const [backend, input] of [['cpu', 'lr = 0.1'], ['wasm', 'lr = 0.1'], ['cpu', 'viewof lr = Inputs.range([0, 1], {value: 0.1})']] as const) {
  it(`leaves tf.memory().numTensors, numBytes and the heap flat over 1000 redefinitions of an input under a training cell (${backend}, ${input.split(' =')[0]})`, async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const nb = await start(`
\`\`\`js
${input}
\`\`\`

\`\`\`js
run = {
  let w = tf.ones([8, 8]);
  try {
    for (let step = 1; step <= 4; ++step) {
      if (signal.aborted) return;
      await null;
      const next = tf.tidy(() => w.sub(w.mul(lr)));
      w.dispose();
      w = next;
      yield {step, loss: tf.tidy(() => w.mean().arraySync()), params: {w: w.clone()}, extra: [tf.zeros([4])]};
    }
  } finally {
    w.dispose();
  }
}
\`\`\`

\`\`\`js
summary = ({loss: run.loss, norm: tf.norm(run.params.w)})
\`\`\`
`, backend);
    const baseline = tf.memory().numTensors;
    const baselineBytes = tf.memory().numBytes;
    let heapAt100 = 0;
    for (let i = 1; i <= 1000; i++) {
      nb.set('lr', (i % 50) / 100);
      // Let some runs take a step or two before the next redefinition, and some not at all.
      for (let k = i % 3; k > 0; k--) await new Promise((r) => setImmediate(r));
      if (i === 100) {
        await nb.settled();
        gc();
        heapAt100 = process.memoryUsage().heapUsed;
      }
    }
    nb.set('lr', 0.1);
    await nb.settled();
    gc();
    const heapAt1000 = process.memoryUsage().heapUsed;
    expect(nb.result().errors).toEqual({});
    // Many of the 1000 redefinitions really started a run (others were superseded before starting).
    expect(nb.cell('run')!.computations).toBeGreaterThan(300);
    expect(tf.memory().numTensors).toBe(baseline);
    expect(tf.memory().numBytes).toBe(baselineBytes);
    expect((heapAt1000 - heapAt100) / 1e6).toBeLessThan(4);
  }, 60_000);
  }
});

describe('mutable cells own their tensors', () => {
  it('frees a mutable\'s earlier value when a cell assigns a new one', async () => {
    const before = tf.memory().numTensors;
    const nb = await run(compile('```js\nmutable w = tf.scalar(1)\n```\n\n```js\nk = 1\n```\n\n```js\nstep = { mutable w = tf.scalar(k + 1); return k; }\n```\n\n```js\nseen = w\n```\n'), { backend: 'cpu', cache: null });
    open.push(nb);
    await nb.settled();
    expect((nb.result().cells.seen as tf.Tensor).dataSync()[0]).toBe(2);
    nb.set('k', 5);
    await nb.settled();
    expect((nb.result().cells.seen as tf.Tensor).dataSync()[0]).toBe(6);
    // Only the current value of w is alive.
    expect(tf.memory().numTensors - before).toBe(1);
  });
});
