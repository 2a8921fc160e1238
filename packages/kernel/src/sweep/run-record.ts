/** One finished run: a row of the sweep's table. */
export interface RunRecord {
  readonly id: string;
  readonly values: Readonly<Record<string, unknown>>;
  readonly seed: number;
  /** `ok` when every cell ran and every claim held; `failed` otherwise. */
  readonly status: 'ok' | 'failed';
  /** The cells' errors (`name: message`, joined by `; `), or null. */
  readonly error: string | null;
  /** Every cell whose value is a number, string or boolean (the axes' own cells excepted). */
  readonly scalars: Readonly<Record<string, number | string | boolean>>;
  /** The names among `scalars` that are inputs (`viewof` cells): settings, not results. */
  readonly inputs: readonly string[];
  /** Each `assert` cell: whether its claim held in this run. */
  readonly claims: Readonly<Record<string, boolean>>;
  /** The `collect` cells, summarised. */
  readonly collected: Readonly<Record<string, unknown>>;
  /** Wall time of the run in milliseconds. */
  readonly wallMs: number;
  /** Set when the run's process died under it: not the notebook's doing, so a queue retries it. */
  readonly crashed?: true;
}
