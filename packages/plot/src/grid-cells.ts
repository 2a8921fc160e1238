import type { Extent, Grid } from './grid.js';
import { round6 } from './spec.js';

/** A rectangle of a rasterized grid (internal): `[x, x2] × [y, y2]` with value `v`. */
export interface CellRow {
  x: number;
  x2: number;
  y: number;
  y2: number;
  v: number;
}

/**
 * Image layout (internal): cell `(row r, column c)` covers `[c, c + 1] × [r, r + 1]` times
 * `scale` (rows grow downwards; the spec reverses the y scale).
 */
export function imageCells(grid: Grid, scaleX = 1, scaleY = 1): CellRow[] {
  const out: CellRow[] = [];
  for (let r = 0; r < grid.height; r++) {
    for (let c = 0; c < grid.width; c++) {
      out.push({
        x: round6(c * scaleX),
        x2: round6((c + 1) * scaleX),
        y: round6(r * scaleY),
        y2: round6((r + 1) * scaleY),
        v: round6(grid.values[r * grid.width + c]),
      });
    }
  }
  return out;
}

/**
 * Plane layout (internal): sample `(row i, column j)` sits at `(x_j, y_i)` of `extent` and its
 * cell reaches half a step to each side.
 */
export function planeCells(grid: Grid, extent: Extent): CellRow[] {
  const dx = (extent.x[1] - extent.x[0]) / (grid.width - 1);
  const dy = (extent.y[1] - extent.y[0]) / (grid.height - 1);
  const out: CellRow[] = [];
  for (let i = 0; i < grid.height; i++) {
    const y = extent.y[0] + i * dy;
    for (let j = 0; j < grid.width; j++) {
      const x = extent.x[0] + j * dx;
      out.push({
        x: round6(x - dx / 2),
        x2: round6(x + dx / 2),
        y: round6(y - dy / 2),
        y2: round6(y + dy / 2),
        v: round6(grid.values[i * grid.width + j]),
      });
    }
  }
  return out;
}
