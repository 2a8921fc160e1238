const brand = Symbol.for('gradbook.PlotError');

/**
 * The one error type of `@gradbook/plot`: bad input to a spec builder or a renderer.
 *
 * The message names the function, says what was expected and what was received, and
 * suggests a fix, e.g. `heatmap: row 3 has 27 values, expected 28; pass a rectangular grid`.
 * Plot does not depend on `@gradbook/core`, so this is not a `GradbookError`, but it carries
 * the same fields (`where`) and a `Symbol.for` brand so `PlotError.isInstance` works across
 * copies of the package.
 *
 * @example
 * ```ts
 * try { heatmap([[1, 2], [3]]); } catch (e) { if (PlotError.isInstance(e)) console.log(e.where); }
 * // heatmap
 * ```
 */
export class PlotError extends Error {
  /** The public function that rejected its input, e.g. `'heatmap'`. */
  readonly where: string;
  readonly [brand] = true;

  /**
   * @param where - the public function that rejected its input.
   * @param message - what was expected, what was received, and how to fix it.
   */
  constructor(where: string, message: string) {
    super(`${where}: ${message}`);
    this.name = 'PlotError';
    this.where = where;
  }

  /** True for any `PlotError`, even one from another copy of this package. */
  static isInstance(value: unknown): value is PlotError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}
