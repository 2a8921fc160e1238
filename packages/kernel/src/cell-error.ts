/**
 * Why a cell has no value: its own error (a syntax error, something it threw, a circular or
 * duplicate definition, an undefined name), or a failed input.
 */
export class CellError extends Error {
  /** The cell's name (or `cell N` for an anonymous cell). */
  readonly cell: string;
  /** When the error came from an input: that input's name; else undefined. */
  readonly input: string | undefined;

  constructor(cell: string, message: string, input?: string, options?: { cause?: unknown }) {
    super(input === undefined ? message : `input ${input} failed: ${message}`, options);
    this.name = 'CellError';
    this.cell = cell;
    this.input = input;
  }
}
