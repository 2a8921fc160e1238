import type { Extent, Grid } from './grid.js';

/** One straight piece of a contour line, from `(x1, y1)` to `(x2, y2)`, at value `level`. */
export interface ContourSegment {
  readonly level: number;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

// Edges of a cell: 0 bottom (a→b), 1 right (b→c), 2 top (d→c), 3 left (a→d), with corners
// a = (row i, col j), b = (i, j+1), c = (i+1, j+1), d = (i+1, j). Row i sits at y_i (rows go up).
const SEGMENTS: readonly (readonly [number, number][])[] = [
  [], [[3, 0]], [[0, 1]], [[3, 1]], [[1, 2]], [], [[0, 2]], [[3, 2]],
  [[2, 3]], [[0, 2]], [], [[1, 2]], [[1, 3]], [[0, 1]], [[3, 0]], [],
];

/**
 * Contour lines of a sampled function by marching squares, as straight segments.
 *
 * The grid samples a function on a plane: column `j` lies at `x_j = x0 + j (x1 - x0) / (width - 1)`
 * and row `i` at `y_i = y0 + i (y1 - y0) / (height - 1)` (row 0 at the bottom, as when you loop
 * over `linspace(y0, y1)` outside `linspace(x0, x1)`). Crossings are linearly interpolated along
 * cell edges; saddle cells are resolved by the cell's mean value.
 *
 * @param grid - the samples, row-major (`values[i * width + j]`).
 * @param levels - the values to trace.
 * @param extent - the plane the grid covers (default `x: [0, width - 1], y: [0, height - 1]`).
 * @returns the segments of all levels, in no particular order.
 *
 * @example
 * ```ts
 * // f(x, y) = x² + y² on [-1, 1]²: the level 0.25 is (close to) the circle of radius 0.5.
 * const n = 41, xs = Array.from({ length: n }, (_, k) => -1 + (2 * k) / (n - 1));
 * const grid = xs.map((y) => xs.map((x) => x * x + y * y));
 * contourSegments({ width: n, height: n, values: grid.flat() }, [0.25], { x: [-1, 1], y: [-1, 1] }).length; // 76
 * ```
 * @see Lorensen & Cline (1987), Marching cubes (the 2-D case is marching squares).
 */
export function contourSegments(grid: Grid, levels: readonly number[], extent?: Extent): ContourSegment[] {
  const { width: w, height: h, values: v } = grid;
  const [x0, x1] = extent?.x ?? [0, w - 1];
  const [y0, y1] = extent?.y ?? [0, h - 1];
  const dx = w > 1 ? (x1 - x0) / (w - 1) : 0;
  const dy = h > 1 ? (y1 - y0) / (h - 1) : 0;
  const out: ContourSegment[] = [];
  for (const level of levels) {
    for (let i = 0; i + 1 < h; i++) {
      for (let j = 0; j + 1 < w; j++) {
        const a = v[i * w + j];
        const b = v[i * w + j + 1];
        const c = v[(i + 1) * w + j + 1];
        const d = v[(i + 1) * w + j];
        const index = (a >= level ? 1 : 0) | (b >= level ? 2 : 0) | (c >= level ? 4 : 0) | (d >= level ? 8 : 0);
        let pairs = SEGMENTS[index];
        if (index === 5 || index === 10) {
          const centreAbove = (a + b + c + d) / 4 >= level;
          // 5: a and c above; 10: b and d above. If the centre joins the two above-corners,
          // the lines cut off the two below-corners, otherwise they cut off the above-corners.
          const cutB: [number, number] = [0, 1];
          const cutD: [number, number] = [2, 3];
          const cutA: [number, number] = [3, 0];
          const cutC: [number, number] = [1, 2];
          pairs = (index === 5) === centreAbove ? [cutB, cutD] : [cutA, cutC];
        }
        for (const [e1, e2] of pairs) {
          const p = edgePoint(e1, level, a, b, c, d);
          const q = edgePoint(e2, level, a, b, c, d);
          out.push({
            level,
            x1: x0 + (j + p[0]) * dx,
            y1: y0 + (i + p[1]) * dy,
            x2: x0 + (j + q[0]) * dx,
            y2: y0 + (i + q[1]) * dy,
          });
        }
      }
    }
  }
  return out;
}

/** Where the level crosses edge `e`, in cell coordinates (0..1, 0..1). */
function edgePoint(e: number, level: number, a: number, b: number, c: number, d: number): [number, number] {
  switch (e) {
    case 0: return [(level - a) / (b - a), 0];
    case 1: return [1, (level - b) / (c - b)];
    case 2: return [(level - d) / (c - d), 1];
    default: return [0, (level - a) / (d - a)];
  }
}
