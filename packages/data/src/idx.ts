import { GradbookError } from '@gradbook/core';

/** The element types an IDX file can hold (third byte of its magic number). */
export type IdxDtype = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** A parsed IDX file: its element type, its dimensions and its values (row-major). */
export interface IdxArray {
  readonly dtype: IdxDtype;
  readonly shape: readonly number[];
  readonly data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

/** Byte chunks from a file or a response body. */
export type IdxSource = Uint8Array | ArrayBuffer | AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

/** Options of {@link readIdx} and {@link parseIdx}. */
export interface IdxOptions {
  /** The file's name or URL, quoted in errors. Default `'IDX data'`. */
  name?: string;
  /** Read only the first `limit` items along the first dimension (the rest of the file is not read). */
  limit?: number;
  /**
   * The file's full size in bytes when known beforehand (from `stat` or `Content-Length`): checked
   * against the header right away, so a truncated or padded file is caught even when `limit` stops
   * reading early.
   */
  totalBytes?: number;
  /** The magic number the file must start with, e.g. `0x00000803` for MNIST images. */
  magic?: number;
}

/**
 * A malformed IDX file: a wrong magic number, an impossible header, or a size that disagrees with
 * the header. Carries the file name and, for size errors, both sizes in bytes.
 */
export class IdxFormatError extends GradbookError {
  /** The file's name or URL. */
  readonly file: string;
  /** The size the header implies, in bytes (when the error is about size). */
  readonly expectedBytes?: number;
  /** The size found, in bytes (when the error is about size). */
  readonly actualBytes?: number;

  constructor(file: string, message: string, sizes: { expected?: number; actual?: number } = {}) {
    super(`readIdx(${file})`, message);
    this.name = 'IdxFormatError';
    this.file = file;
    this.expectedBytes = sizes.expected;
    this.actualBytes = sizes.actual;
  }
}

const DTYPES: Record<number, { dtype: IdxDtype; bytes: number }> = {
  0x08: { dtype: 'uint8', bytes: 1 },
  0x09: { dtype: 'int8', bytes: 1 },
  0x0b: { dtype: 'int16', bytes: 2 },
  0x0c: { dtype: 'int32', bytes: 4 },
  0x0d: { dtype: 'float32', bytes: 4 },
  0x0e: { dtype: 'float64', bytes: 8 },
};

/** Refuse headers promising more than this (a corrupted dimension would otherwise allocate gigabytes). */
const MAX_BODY_BYTES = 2 ** 31 - 1;

const bytes = (n: number) => `${n.toLocaleString('en-US')} bytes`;
const hex = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

/**
 * A push parser for the IDX format (LeCun et al., the MNIST file format): feed it chunks as they
 * arrive with `push`, then call `end`. It validates the header as soon as it is complete, allocates
 * the body once, and copies each chunk straight into it, so a 47 MB file never exists twice in
 * memory.
 *
 * Format: bytes 0–1 are zero, byte 2 is the element type (0x08 uint8, 0x09 int8, 0x0B int16,
 * 0x0C int32, 0x0D float32, 0x0E float64), byte 3 the number of dimensions; then one big-endian
 * uint32 per dimension; then the values, big-endian, row-major.
 *
 * @example
 * const p = new IdxParser({ name: 'train-labels-idx1-ubyte' });
 * for await (const chunk of fs.createReadStream(path)) if (p.push(chunk)) break;
 * const { shape, data } = p.end();
 * @see http://yann.lecun.com/exdb/mnist/ (LeCun, Cortes & Burges, 1998)
 */
export class IdxParser {
  readonly #name: string;
  readonly #options: IdxOptions;
  #header = new Uint8Array(4 + 4 * 255);
  #headerFill = 0;
  #headerBytes = 0; // 0 until the header length is known
  #dtype?: { dtype: IdxDtype; bytes: number };
  #shape: number[] = [];
  #body?: Uint8Array;
  #bodyFill = 0;
  #wanted = 0; // body bytes to read (all of them, or the limited prefix)
  #expectedTotal = 0; // header + full body, per the header
  #received = 0;

  constructor(options: IdxOptions = {}) {
    this.#options = options;
    this.#name = options.name ?? 'IDX data';
    const { limit } = options;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
      throw new GradbookError('readIdx(limit)', `expected a whole number ≥ 1, got ${limit}`);
    }
  }

  /** True once every byte this parser needs has arrived (with `limit`, possibly before the end of the file). */
  get done(): boolean {
    return this.#body !== undefined && this.#bodyFill === this.#wanted;
  }

  /**
   * Feeds the next chunk of the file.
   *
   * @param chunk - the next bytes.
   * @returns `true` when the parser needs no more bytes (the caller may stop reading, which is only
   * allowed with `limit`; otherwise it should still call `push` with the rest so extra bytes are caught).
   */
  push(chunk: Uint8Array): boolean {
    this.#received += chunk.length;
    let offset = 0;
    if (this.#body === undefined) {
      offset = this.#fillHeader(chunk);
      if (this.#body === undefined) return false;
    }
    const rest = chunk.length - offset;
    if (rest === 0) return this.done;
    const room = this.#wanted - this.#bodyFill;
    const limited = this.#wanted < this.#expectedTotal - this.#headerBytes;
    if (rest > room && !limited) {
      throw new IdxFormatError(
        this.#name,
        `is longer than its header says: the header (shape [${this.#shape.join(', ')}], ${this.#dtype!.dtype}) implies ${bytes(this.#expectedTotal)}, ` +
          `but at least ${bytes(this.#received)} arrived; the file is corrupted or not an IDX file — replace it`,
        { expected: this.#expectedTotal, actual: this.#received },
      );
    }
    const take = Math.min(rest, room);
    this.#body.set(offset === 0 && take === chunk.length ? chunk : chunk.subarray(offset, offset + take), this.#bodyFill);
    this.#bodyFill += take;
    return this.done;
  }

  /**
   * Finishes parsing.
   *
   * @returns the parsed array (its first dimension cut to `limit` when given).
   * @throws IdxFormatError when the file ended before the header said it would.
   */
  end(): IdxArray {
    if (this.#body === undefined || this.#bodyFill < this.#wanted) {
      const expected = this.#body === undefined ? Math.max(this.#headerBytes, 4) : this.#expectedTotal;
      const what = this.#body === undefined
        ? 'ends inside its header'
        : `is truncated: its header (shape [${this.#shape.join(', ')}], ${this.#dtype!.dtype}) implies ${bytes(this.#expectedTotal)}`;
      throw new IdxFormatError(
        this.#name,
        `${what}, but only ${bytes(this.#received)} arrived (expected ${bytes(expected)}); the file is incomplete — download or install it again`,
        { expected, actual: this.#received },
      );
    }
    const shape = [...this.#shape];
    const { dtype, bytes: width } = this.#dtype!;
    shape[0] = this.#wanted / width / shape.slice(1).reduce((a, b) => a * b, 1);
    return { dtype, shape, data: decode(this.#body, dtype) };
  }

  #fillHeader(chunk: Uint8Array): number {
    let offset = 0;
    while (offset < chunk.length && this.#body === undefined) {
      this.#header[this.#headerFill++] = chunk[offset++];
      if (this.#headerFill === 4) this.#checkMagic();
      if (this.#headerBytes > 0 && this.#headerFill === this.#headerBytes) this.#startBody();
    }
    return offset;
  }

  #checkMagic(): void {
    const h = this.#header;
    const magic = ((h[0] << 24) | (h[1] << 16) | (h[2] << 8) | h[3]) >>> 0;
    const gz = h[0] === 0x1f && h[1] === 0x8b;
    const hint = gz ? ' It is gzip-compressed: decompress it (gunzip) first.' : ' The file is corrupted or not an IDX file.';
    if (this.#options.magic !== undefined && magic !== this.#options.magic) {
      throw new IdxFormatError(this.#name, `starts with magic number ${hex(magic)}, expected ${hex(this.#options.magic)}.${hint}`);
    }
    const type = DTYPES[h[2]];
    if (h[0] !== 0 || h[1] !== 0 || type === undefined || h[3] === 0) {
      throw new IdxFormatError(
        this.#name,
        `starts with ${hex(magic)}, which is not an IDX magic number (0x0000TTDD: two zero bytes, a type 08/09/0B/0C/0D/0E, then 1–255 dimensions).${hint}`,
      );
    }
    this.#dtype = type;
    this.#headerBytes = 4 + 4 * h[3];
  }

  #startBody(): void {
    const h = this.#header;
    const ndim = h[3];
    const shape: number[] = [];
    for (let i = 0; i < ndim; i++) {
      const o = 4 + 4 * i;
      shape.push(((h[o] << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3]) >>> 0);
    }
    const width = this.#dtype!.bytes;
    const bodyBytes = shape.reduce((a, b) => a * b, 1) * width;
    this.#shape = shape;
    this.#expectedTotal = this.#headerBytes + bodyBytes;
    if (bodyBytes > MAX_BODY_BYTES) {
      throw new IdxFormatError(this.#name, `has a header promising shape [${shape.join(', ')}] (${bytes(this.#expectedTotal)}), which is implausibly large; the header is corrupted`);
    }
    const { totalBytes, limit } = this.#options;
    if (totalBytes !== undefined && totalBytes !== this.#expectedTotal) {
      const what = totalBytes < this.#expectedTotal ? 'is truncated' : 'is longer than its header says';
      throw new IdxFormatError(
        this.#name,
        `${what}: its header (shape [${shape.join(', ')}], ${this.#dtype!.dtype}) implies ${bytes(this.#expectedTotal)}, but the file has ${bytes(totalBytes)}; ` +
          'the file is corrupted or incomplete — download or install it again',
        { expected: this.#expectedTotal, actual: totalBytes },
      );
    }
    const itemBytes = bodyBytes / Math.max(shape[0], 1);
    const items = limit === undefined ? shape[0] : Math.min(limit, shape[0]);
    this.#wanted = items * itemBytes;
    this.#body = new Uint8Array(this.#wanted);
  }
}

function decode(body: Uint8Array, dtype: IdxDtype): IdxArray['data'] {
  if (dtype === 'uint8') return body;
  if (dtype === 'int8') return new Int8Array(body.buffer, body.byteOffset, body.length);
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const read = {
    int16: [Int16Array, 2, (o: number) => view.getInt16(o)],
    int32: [Int32Array, 4, (o: number) => view.getInt32(o)],
    float32: [Float32Array, 4, (o: number) => view.getFloat32(o)],
    float64: [Float64Array, 8, (o: number) => view.getFloat64(o)],
  } as const;
  const [Ctor, width, get] = read[dtype];
  const out = new Ctor(body.length / width);
  for (let i = 0; i < out.length; i++) out[i] = get(i * width);
  return out;
}

/**
 * Parses a whole IDX file held in memory.
 *
 * @param data - the file's bytes.
 * @param options - `name` (quoted in errors), `limit`, `magic`.
 * @returns `{ dtype, shape, data }`.
 * @example
 * const labels = parseIdx(fs.readFileSync('train-labels-idx1-ubyte'), { name: 'train labels' });
 * labels.shape; // [60000]
 */
export function parseIdx(data: Uint8Array | ArrayBuffer, options: IdxOptions = {}): IdxArray {
  const bytesIn = data instanceof Uint8Array ? data : new Uint8Array(data);
  const parser = new IdxParser({ ...options, totalBytes: options.totalBytes ?? bytesIn.length });
  parser.push(bytesIn);
  return parser.end();
}

/**
 * Reads an IDX file from a stream of chunks (a Node read stream, a `fetch` response body, any async
 * iterable of `Uint8Array`), validating the magic number, the dimensions and the length. With
 * `limit`, reading stops once the first `limit` items have arrived.
 *
 * @param source - the bytes: a `Uint8Array`, an `ArrayBuffer`, an async iterable or a `ReadableStream`.
 * @param options - `name` (quoted in errors), `limit`, `totalBytes` (the known full size), `magic`.
 * @returns `{ dtype, shape, data }`.
 * @throws IdxFormatError naming the file, with the expected and the actual size, when it is corrupt or truncated.
 * @example
 * const images = await readIdx(fs.createReadStream(path), { name: path, magic: 0x00000803 });
 * images.shape; // [60000, 28, 28]
 */
export async function readIdx(source: IdxSource, options: IdxOptions = {}): Promise<IdxArray> {
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) return parseIdx(source, options);
  const parser = new IdxParser(options);
  if (typeof (source as ReadableStream<Uint8Array>).getReader === 'function') {
    const reader = (source as ReadableStream<Uint8Array>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (parser.push(value) && options.limit !== undefined) break;
      }
    } finally {
      await reader.cancel().catch(() => undefined);
    }
    return parser.end();
  }
  if (typeof (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] !== 'function') {
    throw new GradbookError('readIdx(source)', 'expected bytes (Uint8Array, ArrayBuffer), an async iterable of Uint8Array, or a ReadableStream');
  }
  for await (const chunk of source as AsyncIterable<Uint8Array>) {
    if (parser.push(chunk) && options.limit !== undefined) break; // leaving the loop closes the stream
  }
  return parser.end();
}
