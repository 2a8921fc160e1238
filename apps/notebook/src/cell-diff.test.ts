import { describe, expect, it } from 'vitest';
import { planCells } from './cell-diff.js';

describe('planCells', () => {
  it('keeps equal cells and redefines the one whose source changed in place', () => {
    expect(planCells(['a = 1', 'b = a', 'run = train()'], ['a = 1', 'b = a * 2', 'run = train()'])).toEqual({
      steps: [
        { op: 'keep', from: 0, to: 0 },
        { op: 'change', from: 1, to: 1 },
        { op: 'keep', from: 2, to: 2 },
      ],
      removed: [],
    });
  });

  it('adds and removes cells without touching the others', () => {
    expect(planCells(['a', 'b', 'c'], ['a', 'x', 'b', 'c', 'y'])).toEqual({
      steps: [
        { op: 'keep', from: 0, to: 0 },
        { op: 'add', to: 1 },
        { op: 'keep', from: 1, to: 2 },
        { op: 'keep', from: 2, to: 3 },
        { op: 'add', to: 4 },
      ],
      removed: [],
    });
    expect(planCells(['a', 'b', 'c'], ['a', 'c'])).toEqual({ steps: [{ op: 'keep', from: 0, to: 0 }, { op: 'keep', from: 2, to: 1 }], removed: [1] });
    expect(planCells(['a', 'b'], [])).toEqual({ steps: [], removed: [0, 1] });
  });

  it('keeps a moved cell and redefines what no longer matches', () => {
    const plan = planCells(['a', 'b', 'c'], ['c', 'a', 'b']);
    expect(plan.steps.filter((s) => s.op === 'keep')).toHaveLength(2);
    expect(plan.steps).toHaveLength(3);
    expect(plan.steps.filter((s) => s.op !== 'keep').length + plan.removed.length).toBe(2);
  });
});
