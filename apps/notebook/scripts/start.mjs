#!/usr/bin/env node
// `pnpm start` (after `turbo run build`): serves the built app on 127.0.0.1 and prints its address.
// The port is 4178 unless PORT says otherwise; when it is taken, the next free one.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { distDir, serveApp } from './server.mjs';

if (!existsSync(path.join(distDir, 'index.html'))) {
  console.error(`gradbook: no build at ${distDir}; run \`pnpm build\` (or \`pnpm start\` from the repository root) first`);
  process.exit(1);
}
const requested = process.env.PORT === undefined ? 4178 : Number(process.env.PORT);
if (!Number.isInteger(requested) || requested < 0 || requested > 65535) {
  console.error(`gradbook: PORT must be a port number, got ${JSON.stringify(process.env.PORT)}`);
  process.exit(1);
}
const { url, close } = await serveApp({ port: requested });
console.log(`Gradbook is running at ${url}  (Ctrl+C to stop)`);
const stop = () => void close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
