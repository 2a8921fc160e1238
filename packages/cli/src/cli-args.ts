/** A command-line mistake: the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The parsed arguments of `preview` or `build`. */
export interface VerbArgs {
  readonly positional: string[];
  readonly flags: Map<string, string | true>;
}

/**
 * Parses a verb's arguments: `--name value` or `--name=value` for the `valued` options, bare
 * `--name` for the `switches`, anything else positional.
 *
 * @throws UsageError on an unknown option or a missing value.
 */
export function parseVerbArgs(verb: string, argv: readonly string[], valued: readonly string[], switches: readonly string[]): VerbArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value: string | undefined;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (valued.includes(arg)) {
      value ??= argv[++i];
      if (value === undefined) throw new UsageError(`${verb}: ${arg} needs a value`);
      flags.set(arg, value);
    } else if (switches.includes(arg) && value === undefined) flags.set(arg, true);
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`${verb}: unknown option ${argv[i]}`);
    else positional.push(arg);
  }
  return { positional, flags };
}

/** A `--port` value: an integer 0–65535. @throws UsageError otherwise. */
export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port expects a port number 0–65535, received ${JSON.stringify(text)}`);
  return port;
}
