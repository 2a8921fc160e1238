import { FileAttachments } from '@observablehq/stdlib';
import type { FileAttachmentLike } from './file-attachment-like.js';

/**
 * Observable's `FileAttachment` for a notebook served over HTTP (the app, `gradbook preview`, a
 * built site): `FileAttachment("data/penguins.csv")` fetches the file beside the notebook, from
 * the same server. A name that is a URL of its own is refused: nothing is fetched from elsewhere.
 *
 * @param base - the notebook's URL (its folder is where files are looked up).
 * @returns the `FileAttachment` function, to pass to `run` as `library: { FileAttachment }`.
 * @example
 * const FileAttachment = fileAttachmentsAt(new URL('notebooks/intro.md', location.href).href);
 * await FileAttachment('data/penguins.csv').csv({ typed: true });
 */
export function fileAttachmentsAt(base: string): (name: string) => FileAttachmentLike {
  const folder = new URL('.', base);
  const attach = FileAttachments((name: string) => {
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(name)) throw new Error(`FileAttachment(${JSON.stringify(name)}): a URL; Gradbook fetches only files beside the notebook (${folder.href})`);
    const url = new URL(name.replace(/^\//, ''), folder);
    if (!url.href.startsWith(folder.href)) throw new Error(`FileAttachment(${JSON.stringify(name)}): outside the notebook's folder ${folder.href}`);
    return url.href;
  });
  return attach as (name: string) => FileAttachmentLike;
}
