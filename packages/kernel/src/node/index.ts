/**
 * @gradbook/kernel/node — the Node-only parts of the kernel: the disk cache, running notebook
 * files, the static HTML report and the `gradbook` CLI's entry point.
 */
export { DiskCache } from './disk-cache.js';
export { runFile } from './run-file.js';
export type { RunFileOptions } from './run-file.js';
export { writeReport } from './report.js';
export { renderReport } from './report.js';
export { isVegaLiteSpec } from '../classify-value.js';
export { main } from '../cli.js';
export type { CliIo } from '../cli.js';
export { nodeLibrary } from './node-library.js';
export { localRequire } from './node-library.js';
export { localFileAttachment } from './file-attachment.js';
export type { FileAttachmentLike } from '../file-attachment-like.js';
export { importPackage } from './resolve-package.js';
export { sweep as sweepNotebook } from './sweep/sweep.js';
export type { SweepOptions, SweepResult, SweepProgress } from './sweep/sweep.js';
