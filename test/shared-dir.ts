import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/**
 * The project's `shared/` folder (conformance cases, design notes). It sits beside the checkout:
 * `<checkout>/../shared`. `GRADBOOK_SHARED` overrides it.
 */
export function sharedDir(): string {
  const fromEnv = process.env.GRADBOOK_SHARED;
  if (fromEnv) return fromEnv;
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const dir = path.resolve(repo, '..', 'shared');
  if (!existsSync(dir)) throw new Error(`shared/ not found at ${dir}; set GRADBOOK_SHARED to its path`);
  return dir;
}
