// Which cells of an open notebook a new version of its file keeps, changes, adds and removes:
// cells with the same source are kept (their values and running computations untouched), a
// changed cell is redefined in place, and the rest are added or removed.

/** What to do with each cell of the new version, in its order. */
export type CellStep =
  /** The old cell `from` is kept as it is. */
  | { op: 'keep'; from: number; to: number }
  /** The old cell `from` takes the new cell's source. */
  | { op: 'change'; from: number; to: number }
  /** A new cell. */
  | { op: 'add'; to: number };

/** The plan: a step per new cell, and the old cells no new cell takes. */
export interface CellPlan {
  readonly steps: readonly CellStep[];
  readonly removed: readonly number[];
}

/**
 * Aligns the old cells' sources with the new ones (longest common subsequence): equal sources are
 * kept; between two kept cells, old and new cells pair up in order as changes, and what is left
 * over is added or removed.
 *
 * @param before - the sources of the cells on the page, in order.
 * @param after - the sources of the cells of the new version, in order.
 * @returns the steps, in the new order, and the removed old cells.
 */
export function planCells(before: readonly string[], after: readonly string[]): CellPlan {
  const n = before.length;
  const m = after.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i]![j] = before[i] === after[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const steps: CellStep[] = [];
  const removed: number[] = [];
  let oldGap: number[] = [];
  let newGap: number[] = [];
  const closeGap = (): void => {
    newGap.forEach((to, k) => steps.push(k < oldGap.length ? { op: 'change', from: oldGap[k]!, to } : { op: 'add', to }));
    removed.push(...oldGap.slice(newGap.length));
    oldGap = [];
    newGap = [];
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      closeGap();
      steps.push({ op: 'keep', from: i++, to: j++ });
    } else if (j < m && (i >= n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) newGap.push(j++);
    else oldGap.push(i++);
  }
  closeGap();
  return { steps, removed };
}
