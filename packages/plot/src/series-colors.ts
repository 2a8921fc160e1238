/**
 * The colour scale of named series (runs, optimizers, groups), shared by every builder so that the
 * same names in the same order get the same colours in a path plot and in a loss curve: Set1's
 * strong hues, which stay visible over a viridis landscape, for up to 9 series; Tableau20 beyond,
 * so that no two of up to 20 series share a colour (internal).
 */
export function seriesColorScale(count: number): { scheme: string } {
  return { scheme: count <= 9 ? 'set1' : 'tableau20' };
}
