import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AbstractFile } from '@observablehq/stdlib';
import { importPackage } from './resolve-package.js';
const MIME: Record<string, string> = {
  '.csv': 'text/csv',
  '.tsv': 'text/tab-separated-values',
  '.json': 'application/json',
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.html': 'text/html',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.arrow': 'application/vnd.apache.arrow.file',
  '.parquet': 'application/vnd.apache.parquet',
  '.zip': 'application/zip',
};

/**
 * A file beside a notebook, read from disk with the methods of Observable's `FileAttachment`:
 * `text`, `json`, `csv`/`tsv` (`{typed: true}` converts numbers and dates, as d3's autoType),
 * `arrayBuffer`, `blob`, `stream`, `arrow` (with apache-arrow), `parquet` (with arquero and
 * parquet-wasm, when installed), `image` (needs a DOM), `zip` (with jszip, when installed),
 * `xml`/`html` (needs a DOM). Made by `localFileAttachment`; internal, so that the published types need none of the stdlib's.
 */
export class LocalFile extends AbstractFile {
  readonly #file: string;
  readonly #dir: string;

  constructor(file: string, name: string, dir: string) {
    super(name, MIME[path.extname(file).toLowerCase()]);
    this.#file = file;
    this.#dir = dir;
  }

  override async url(): Promise<string> {
    return pathToFileURL(this.#file).href;
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    const buffer = await readFile(this.#file);
    return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
  }

  override async text(): Promise<string> {
    return readFile(this.#file, 'utf8');
  }

  override async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  override async blob(): Promise<Blob> {
    return new Blob([await this.arrayBuffer()], { type: this.mimeType ?? '' });
  }

  /** The file as an Apache Arrow table (apache-arrow, installed with arquero). */
  async arrow(): Promise<unknown> {
    const arrow = (await importPackage('apache-arrow', this.#dir)) as { tableFromIPC(bytes: Uint8Array): unknown };
    return arrow.tableFromIPC(new Uint8Array(await this.arrayBuffer()));
  }

  /** The file as an `<img>` element with the file's bytes as a data URL (needs a DOM: a headless run has one). */
  override async image(props: Record<string, unknown> = {}): Promise<unknown> {
    if (typeof document === 'undefined') throw new Error(`FileAttachment(${JSON.stringify(this.name)}).image(): needs a DOM`);
    const img = document.createElement('img');
    Object.assign(img, props);
    img.src = `data:${this.mimeType ?? 'application/octet-stream'};base64,${Buffer.from(await this.arrayBuffer()).toString('base64')}`;
    return img;
  }

  /** The file as a zip archive (with jszip, when installed): `filenames`, and `file(name)` to read one. */
  override async zip(): Promise<unknown> {
    const JSZip = (await importPackage('jszip', this.#dir).catch(() => {
      throw new Error(`FileAttachment(${JSON.stringify(this.name)}).zip(): needs the jszip package; install it beside the notebook (npm install jszip)`);
    })) as { loadAsync(data: ArrayBuffer): Promise<{ files: Record<string, { dir: boolean; async(type: string): Promise<unknown> }>; file(name: string): unknown }> };
    const archive = await JSZip.loadAsync(await this.arrayBuffer());
    const filenames = Object.keys(archive.files).filter((n) => !archive.files[n].dir);
    return {
      filenames,
      file: (name: string) => {
        const entry = archive.files[name];
        if (!entry || entry.dir) throw new Error(`zip ${this.name}: no file ${name}; it holds ${filenames.join(', ')}`);
        return { name, text: () => entry.async('string'), json: async () => JSON.parse((await entry.async('string')) as string), arrayBuffer: () => entry.async('arraybuffer') };
      },
    };
  }
}
