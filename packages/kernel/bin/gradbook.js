#!/usr/bin/env node
// The CLI is compiled to dist/; this file exists before the build so installs can link it.
const { main } = await import('../dist/cli.js');
const code = await main(process.argv.slice(2));
process.exitCode = code;
// Timers of a cancelled run must not keep the process alive.
setTimeout(() => process.exit(code), 50).unref();
