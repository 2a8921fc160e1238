/**
 * A failed assertion in a notebook cell: `gradbook test` reports it as that cell's error. Its
 * message says the claim does not hold, since claims are written as statements of fact.
 */
export class AssertionFailed extends Error {
  /** The claim as written in the cell. */
  readonly claim: string;
  constructor(claim: string) {
    super(`does not hold: ${claim}`);
    this.name = 'AssertionFailed';
    this.claim = claim;
  }
}

/**
 * The assertion helper for notebook cells: throws (so the cell errors and `gradbook test` fails)
 * when `condition` is false, else returns `message` as the cell's value.
 *
 * @param condition - what must hold.
 * @param message - the claim, shown as the cell's value, or after "does not hold: " in its error
 *   (default `assertion failed`).
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
