import { afterEach, describe, expect, it } from 'vitest';
import { now, width } from './generators.js';

const g = globalThis as { requestAnimationFrame?: (f: () => void) => number; cancelAnimationFrame?: (id: number) => void };
afterEach(() => {
  delete g.requestAnimationFrame;
  delete g.cancelAnimationFrame;
});

describe('now and width', () => {
  it('start nothing until a cell pulls them, and stop when returned', async () => {
    let frames = 0;
    let cancelled = 0;
    g.requestAnimationFrame = () => ++frames;
    g.cancelAnimationFrame = () => void cancelled++;
    const clock = now();
    expect(frames).toBe(0);
    const first = await clock.next().value;
    expect(typeof first).toBe('number');
    expect(frames).toBe(1);
    clock.return();
    expect(cancelled).toBe(1);
    expect(clock.next().done).toBe(true);
  });

  it('width is 640 without a layout', async () => {
    expect(await width().next().value).toBe(640);
  });
});
