const brand = Symbol.for('gradbook.error');

/**
 * The base of every error Gradbook throws. `where` names the function (and argument) that refused
 * the input, so a message reads `fn: what is wrong; how to fix it`.
 *
 * Use {@link GradbookError.isInstance} rather than `instanceof`: two copies of a package (a bundled
 * one and an installed one) still recognise each other's errors through the global symbol brand.
 */
export class GradbookError extends Error {
  readonly [brand] = true;
  /** The function or argument that reported the problem, e.g. `"dense(hidden)"`. */
  readonly where: string;

  constructor(where: string, message: string, options?: { cause?: unknown }) {
    super(`${where}: ${message}`, options);
    this.name = 'GradbookError';
    this.where = where;
  }

  /** True for any error thrown by a Gradbook package, from whichever copy of it. */
  static isInstance(value: unknown): value is GradbookError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}

/** A tensor's shape did not match what the function needs; carries both shapes. */
export class ShapeError extends GradbookError {
  readonly expected: readonly (number | null)[];
  readonly received: readonly number[];

  constructor(where: string, message: string, expected: readonly (number | null)[], received: readonly number[]) {
    super(where, message);
    this.name = 'ShapeError';
    this.expected = expected;
    this.received = received;
  }
}

/** Formats a shape as `[28, 28, 1]` for messages (`null` is shown as `?`). */
export function formatShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}
