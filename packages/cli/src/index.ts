/**
 * @gradbook/cli — the `gradbook` command (`run`, `test`, `preview`, `build`) and the functions
 * behind `preview` and `build`.
 */
export { main } from './cli.js';
export type { CliIo } from './cli.js';
export { startPreview } from './preview-server.js';
export type { Preview, PreviewOptions } from './preview-server.js';
export { buildSite } from './build-site.js';
export type { BuildOptions, BuildResult } from './build-site.js';
export { listNotebooks } from './notebook-list.js';
export { notebookIndex } from './notebook-list.js';
export type { NotebookEntry } from './notebook-list.js';
export { describeNotebook } from './describe-notebook.js';
