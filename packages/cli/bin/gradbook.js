#!/usr/bin/env node
// The CLI is compiled to dist/; this file exists before the build so installs can link it.
// Run through a package script named `gradbook` (the repository's `pnpm gradbook …`), the package
// manager starts us in the package's folder: paths on the command line are relative to where the
// command was typed, which it passes as INIT_CWD.
if (process.env.npm_lifecycle_event === 'gradbook' && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
const { main } = await import('../dist/cli.js');
const code = await main(process.argv.slice(2));
process.exitCode = code;
// Timers of a cancelled run must not keep the process alive.
setTimeout(() => process.exit(code), 50).unref();
