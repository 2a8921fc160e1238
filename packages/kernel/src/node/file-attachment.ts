import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FileAttachmentLike } from '../file-attachment-like.js';
import { LocalFile } from './local-file.js';

/**
 * Observable's `FileAttachment` for a notebook in Node: `FileAttachment("penguins.csv")` names a
 * file beside the notebook (or in a folder under it). Nothing is fetched: a remote URL and a path
 * out of the notebook's folder are errors, and a missing file's error names it and the folder searched.
 *
 * @param dir - the notebook's folder.
 * @returns the `FileAttachment` function for cells.
 * @example
 * const FileAttachment = localFileAttachment('notebooks');
 * const rows = await FileAttachment('data/penguins.csv').csv({ typed: true });
 */
export function localFileAttachment(dir: string): (name: string) => FileAttachmentLike {
  const root = path.resolve(dir);
  return (name: string) => {
    if (typeof name !== 'string' || name === '') throw new Error(`FileAttachment: expected a file name, received ${JSON.stringify(name)}`);
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(name)) {
      throw new Error(`FileAttachment(${JSON.stringify(name)}): a remote URL, and Gradbook fetches nothing from the network; save the file in ${root} and name it`);
    }
    const file = path.resolve(root, name.replace(/^\//, ''));
    const relative = path.relative(root, file);
    if (relative.startsWith('..') || path.isAbsolute(relative)) throw new Error(`FileAttachment(${JSON.stringify(name)}): outside the notebook's folder ${root}`);
    if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`FileAttachment: ${name} not found in ${root}`);
    return new LocalFile(file, name, root);
  };
}
