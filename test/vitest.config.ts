import { defineConfig } from 'vitest/config';

// Cross-package tests import the packages from their TypeScript sources ("@gradbook/source").
// Browser end-to-end tests start their own server and Chromium, so they get more time.
export default defineConfig({
  resolve: { conditions: ['@gradbook/source'] },
  ssr: { resolve: { conditions: ['@gradbook/source'] } },
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
