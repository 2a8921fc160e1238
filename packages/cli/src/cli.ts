import { pathToFileURL } from 'node:url';
import type { CliIo as KernelIo } from '@gradbook/kernel/node';
import { UsageError, parsePort, parseVerbArgs } from './cli-args.js';
import { openBrowser } from './open-browser.js';
import { startPreview } from './preview-server.js';

// The kernel (and with it TensorFlow.js) loads only for the verbs that run notebooks, so
// `preview` starts in a fraction of a second.
async function kernelMain(argv: readonly string[], io: CliIo): Promise<number> {
  return (await import('@gradbook/kernel/node')).main(argv, io as KernelIo);
}

/** Where the CLI writes (so tests can capture it). */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bars redraw in place). */
  isTTY: boolean;
  /** The terminal stream progress bars draw on when `isTTY` (default: a stream over `stderr`). */
  terminal?: { write(text: string): boolean; isTTY?: boolean };
}

const USAGE = `  gradbook preview [dir | notebook.md] [--port N] [--open] [--read-only]
  gradbook build [dir] [--out site] [--thumbnails]

preview  serves the notebooks of dir (default .) in the browser on 127.0.0.1, live: a change on disk
         reaches open pages, and pages save back to the .md files. A notebook file opens that one.
         --port       the port (default 4178, else the next free one)
         --open       open the browser
         --read-only  serve without editing
build    writes a static, read-only site of dir's notebooks (default .) to --out (default site/):
         upload it to any static host, at its root or under a sub-path.
         --thumbnails  run each notebook at its test size to show its first plot in the list
`;

function usage(io: CliIo): Promise<string> {
  let text = '';
  return kernelMain(['--help'], { ...io, stdout: (s) => void (text += s), stderr: () => undefined }).then(() => `${text.trimEnd()}\n${USAGE}`);
}

/** Resolves when the process is told to stop (Ctrl+C, SIGTERM). */
function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

async function commandPreview(argv: readonly string[], io: CliIo, until: Promise<void>): Promise<number> {
  const args = parseVerbArgs('preview', argv, ['--port'], ['--open', '--read-only']);
  if (args.positional.length > 1) throw new UsageError('preview expects one folder or notebook file');
  const port = args.flags.has('--port') ? parsePort(args.flags.get('--port') as string) : undefined;
  const preview = await startPreview({ path: args.positional[0] ?? '.', port, strictPort: port !== undefined && port !== 0, readOnly: args.flags.has('--read-only') });
  io.stdout(`Gradbook preview of ${preview.root}${args.flags.has('--read-only') ? ' (read-only)' : ''} at ${preview.openUrl}  (Ctrl+C to stop)\n`);
  if (args.flags.has('--open') && !(await openBrowser(preview.openUrl))) io.stderr(`gradbook: could not open a browser; open ${preview.openUrl}\n`);
  await until;
  await preview.close();
  return 0;
}

async function commandBuild(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseVerbArgs('build', argv, ['--out'], ['--thumbnails']);
  if (args.positional.length > 1) throw new UsageError('build expects one folder');
  const out = (args.flags.get('--out') as string | undefined) ?? 'site';
  const { buildSite } = await import('./build-site.js');
  const { notebooks, outDir, errors } = await buildSite({
    path: args.positional[0] ?? '.',
    out,
    thumbnails: args.flags.has('--thumbnails'),
    onThumbnail: (file, made) => io.stderr(`${made ? 'thumbnail' : 'no plot  '} ${file}\n`),
  });
  for (const { file, message } of errors) io.stderr(`error in ${file}: ${message}\n`);
  if (errors.length > 0) return 1;
  io.stdout(`site of ${notebooks.length} notebook${notebooks.length === 1 ? '' : 's'} written to ${outDir}; serve it from any static host\n`);
  return 0;
}

/**
 * The `gradbook` command line: `preview` and `build`, and every other verb (`run`, `test`, …) from
 * `@gradbook/kernel/node`. Paths are relative to the working directory.
 *
 * @param argv - the arguments after the program name.
 * @param io - where to write (default the process's stdout and stderr).
 * @param until - when `preview` stops (default Ctrl+C or SIGTERM).
 * @returns the exit code: 0 on success, 1 when a cell errored or a step failed, 2 on a usage error.
 * @example
 * process.exitCode = await main(['build', 'mycourse', '--out', 'site']);
 */
export async function main(
  argv: readonly string[],
  io: CliIo = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), isTTY: Boolean(process.stderr.isTTY), terminal: process.stderr },
  until?: Promise<void>,
): Promise<number> {
  const [verb, ...rest] = argv;
  try {
    if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help' || ((verb === 'preview' || verb === 'build') && rest.some((a) => a === '--help' || a === '-h'))) {
      io.stdout(await usage(io));
      return verb === undefined ? 2 : 0;
    }
    if (verb === 'preview') return await commandPreview(rest, io, until ?? stopSignal());
    if (verb === 'build') return await commandBuild(rest, io);
    // Every other verb (run, test, and those the kernel adds) is the kernel's, unknown ones too.
    return await kernelMain(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`gradbook: ${error.message}\n\n${await usage(io)}`);
      return 2;
    }
    io.stderr(`gradbook: ${(error as Error).message}\n`);
    return 1;
  }
}

// `node dist/cli.js …` runs the CLI too (bin/gradbook.js calls main itself).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), 50).unref();
  });
}
