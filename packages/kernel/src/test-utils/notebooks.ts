import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The directory of the kernel's test notebooks. */
export const NOTEBOOKS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-notebooks');

/** The text of a test notebook. */
export function notebook(name: string): string {
  return readFileSync(path.join(NOTEBOOKS, name), 'utf8');
}
