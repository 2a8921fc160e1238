#!/usr/bin/env node
// A shortcut inside the repository, not published: the `gradbook` command is @gradbook/cli's
// (packages/cli/bin/gradbook.js, with `preview` and `build`). This one runs `run` and `test` only.
const { main } = await import('../dist/cli.js');
const code = await main(process.argv.slice(2));
process.exitCode = code;
// Timers of a cancelled run must not keep the process alive.
setTimeout(() => process.exit(code), 50).unref();
