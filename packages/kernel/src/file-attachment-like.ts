/**
 * A file attachment as cells see it: the methods of Observable's `FileAttachment` (see
 * @observablehq/stdlib). Declared here so that Gradbook's published types do not depend on a
 * package that ships none.
 */
export interface FileAttachmentLike {
  /** The file's name as the cell gave it. */
  readonly name: string;
  readonly mimeType?: string;
  url(): Promise<string>;
  blob(): Promise<Blob>;
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
  json(): Promise<unknown>;
  /** Rows of a CSV file; `{ typed: true }` converts numbers and dates (d3's autoType). */
  csv(options?: { array?: boolean; typed?: boolean | 'auto' }): Promise<unknown>;
  tsv(options?: { array?: boolean; typed?: boolean | 'auto' }): Promise<unknown>;
  image(props?: Record<string, unknown>): Promise<unknown>;
  zip(): Promise<unknown>;
  /** The file as an Apache Arrow table, where the host can read one. */
  arrow?(): Promise<unknown>;
}
