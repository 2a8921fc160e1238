import type { NotebookDefinition } from '../compile.js';
import type { NotebookRun } from '../run.js';

/** Writes the static HTML report (placeholder until the report lands). */
export async function writeReport(_definition: NotebookDefinition, _notebook: NotebookRun, _dir: string): Promise<string> {
  throw new Error('the HTML report is not written yet');
}
