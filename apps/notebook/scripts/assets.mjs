// What the app needs besides its bundle: TensorFlow.js's WebAssembly binaries, copied into the
// build under tfjs-wasm/. The notebooks, their list and the MNIST files are not part of the app:
// `gradbook preview` serves them from the folder it is given, and `gradbook build` copies them into
// a site (packages/cli). In `vite dev` the preview's routes serve the repository's notebooks/.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** Where @tensorflow/tfjs-backend-wasm (a dependency of @gradbook/core) keeps its .wasm files. */
export function wasmDir() {
  const core = require.resolve('@gradbook/core/package.json');
  const wasm = createRequire(core).resolve('@tensorflow/tfjs-backend-wasm/package.json');
  return path.join(path.dirname(wasm), 'dist');
}

/** The WebAssembly binaries the wasm backend may ask for. */
export const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

/**
 * The Vite plugin: a build gets the wasm binaries under `tfjs-wasm/`; the dev server serves them
 * there too, and answers the preview's routes (notebooks/, api/, mnist/) over the repository's
 * notebooks/ with the preview handler of @gradbook/cli (built: run `pnpm build` once first).
 */
export function gradbookAssets() {
  return {
    name: 'gradbook-assets',
    async configureServer(server) {
      const wasm = wasmDir();
      server.middlewares.use((req, res, next) => {
        const name = (req.url ?? '').split('?')[0].replace(/^\/tfjs-wasm\//, '');
        if (!WASM_FILES.includes(name)) return next();
        res.writeHead(200, { 'Content-Type': 'application/wasm' });
        res.end(readFileSync(path.join(wasm, name)));
      });
      // Only a dev server that listens (vitest's has no HTTP server) answers the preview's routes.
      if (!server.httpServer) return;
      const handlerModule = pathToFileURL(path.resolve(appDir, '../../packages/cli/dist/preview-handler.js')).href;
      const { createPreviewHandler } = await import(/* @vite-ignore */ handlerModule);
      const handler = await createPreviewHandler({
        root: path.resolve(appDir, '../../notebooks'),
        appDir: null,
        port: () => server.httpServer?.address()?.port ?? 0,
      });
      server.httpServer?.once('close', () => handler.close());
      server.middlewares.use((req, res, next) => handler.handle(req, res, next));
    },
    generateBundle() {
      const dir = wasmDir();
      for (const name of WASM_FILES) this.emitFile({ type: 'asset', fileName: `tfjs-wasm/${name}`, source: readFileSync(path.join(dir, name)) });
    },
  };
}
