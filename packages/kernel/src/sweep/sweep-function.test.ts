import { describe, expect, it } from 'vitest';
import { sweep } from './sweep-function.js';

async function last<T>(gen: AsyncGenerator<T>): Promise<{ last: T | undefined; count: number }> {
  let value: T | undefined;
  let count = 0;
  for await (const v of gen) {
    value = v;
    count++;
  }
  return { last: value, count };
}

describe('sweep (a function over a grid, in a cell)', () => {
  it('yields after every run, and the last state holds every run', async () => {
    const { last: s, count } = await last(sweep(({ a, seed }) => ({ score: (a as number) * 10 + (seed as number), small: (a as number) * 10 + (seed as number) < 21 }), { grid: { a: [1, 2] }, seeds: [0, 1, 2] }));
    expect(count).toBe(6);
    expect(s!.done).toBe(6);
    expect(s!.table.numRows()).toBe(6);
    expect(s!.table.array('score')).toEqual([10, 11, 12, 20, 21, 22]);
    const [p1, p2] = s!.summary.points;
    expect(p1!.claims.small).toMatchObject({ k: 3, n: 3 });
    expect(p2!.claims.small).toMatchObject({ k: 1, n: 3 });
    expect(p2!.metrics.score!.mean).toBe(21);
  });
  it('a throw is the error of that run only', async () => {
    const { last: s } = await last(sweep(({ seed }) => {
      if (seed === 1) throw new Error('diverged');
      return 1;
    }, { seeds: [0, 1, 2] }));
    expect(s!.table.array('status')).toEqual(['ok', 'failed', 'ok']);
    expect(s!.table.array('error')).toEqual([null, 'diverged', null]);
  });
  it('stops between runs when its signal aborts', async () => {
    const controller = new AbortController();
    let runs = 0;
    const { last: s } = await last(sweep(() => {
      if (++runs === 2) controller.abort();
      return true;
    }, { seeds: [0, 1, 2, 3], signal: controller.signal }));
    expect(runs).toBe(2);
    expect(s!.done).toBe(2);
  });
  it('refuses a grid axis that is not a non-empty array, and seed in the grid', async () => {
    await expect(last(sweep(() => 1, { grid: { a: [] } }))).rejects.toThrow(/grid\.a.*non-empty array/);
    await expect(last(sweep(() => 1, { grid: { seed: [1] } }))).rejects.toThrow(/options\.seeds/);
    await expect(last(sweep('x' as never))).rejects.toThrow(/expected a function/);
  });
});
