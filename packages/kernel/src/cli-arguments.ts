/**
 * One command-line argument read as an option (internal, shared by the CLI's commands): a valued
 * option as `--name=value` or `--name value`, else the argument as it is (a flag or a positional).
 *
 * @param argv - the arguments.
 * @param i - the index of the argument to read.
 * @param valued - the options that take a value.
 * @returns the argument's name, its value (undefined for flags and positionals, and for a valued
 *   option given last with no value: the caller says so), and the index of the next argument.
 */
export function readArgument(argv: readonly string[], i: number, valued: ReadonlySet<string>): { arg: string; value: string | undefined; valued: boolean; next: number } {
  const raw = argv[i]!;
  const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
  if (eq > 0 && valued.has(raw.slice(0, eq))) return { arg: raw.slice(0, eq), value: raw.slice(eq + 1), valued: true, next: i + 1 };
  if (valued.has(raw)) return { arg: raw, value: argv[i + 1], valued: true, next: i + 2 };
  return { arg: raw, value: undefined, valued: false, next: i + 1 };
}
