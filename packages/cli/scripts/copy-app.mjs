// Part of the build: copies the browser app's built files (apps/notebook/dist, with the TensorFlow.js
// WebAssembly binaries) into app/, so the published package serves and builds from its own files.
// turbo builds the app first (turbo.json: @gradbook/cli#build depends on @gradbook/notebook-app#build).
import { cpSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const from = path.resolve(here, '../../../apps/notebook/dist');
const to = path.resolve(here, '../app');
if (!existsSync(path.join(from, 'index.html'))) {
  console.error(`@gradbook/cli build: no app build at ${from}; build it first (turbo run build does)`);
  process.exit(1);
}
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true });
