/** A failed assertion in a notebook cell: `gradbook test` reports it as that cell's error. */
export class AssertionFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssertionFailed';
  }
}

/**
 * The assertion helper for notebook cells: throws (so the cell errors and `gradbook test` fails)
 * when `condition` is false, else returns `message` as the cell's value.
 *
 * @param condition - what must hold.
 * @param message - the claim, shown as the cell's value or in its error (default `assertion failed`).
 * @returns `message` when the condition holds.
 * @example
 * ```js
 * check_loss = assert(run.loss < 0.1, `final loss ${run.loss} is below 0.1`)
 * ```
 */
export function assert(condition: unknown, message = 'assertion failed'): string {
  if (!condition) throw new AssertionFailed(message);
  return message;
}
