import { defineConfig } from 'vitest/config';

// Tests import sibling packages from their TypeScript sources (the "@gradbook/source" export
// condition), so a package's tests never wait for another package's build.
export default defineConfig({
  resolve: { conditions: ['@gradbook/source'] },
  ssr: { resolve: { conditions: ['@gradbook/source'] } },
  test: { include: ['src/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
