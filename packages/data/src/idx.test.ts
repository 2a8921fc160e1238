import { describe, expect, it } from 'vitest';
import { IdxFormatError, IdxParser, parseIdx, readIdx } from './idx.js';

/** Writes an IDX file by hand: magic, big-endian dimensions, big-endian values. */
function idxFile(typeCode: number, shape: number[], values: number[], width: number): Uint8Array {
  const header = 4 + 4 * shape.length;
  const out = new Uint8Array(header + values.length * width);
  const view = new DataView(out.buffer);
  out[2] = typeCode;
  out[3] = shape.length;
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  values.forEach((v, i) => {
    const o = header + i * width;
    if (typeCode === 0x08) view.setUint8(o, v);
    else if (typeCode === 0x09) view.setInt8(o, v);
    else if (typeCode === 0x0b) view.setInt16(o, v, false);
    else if (typeCode === 0x0c) view.setInt32(o, v, false);
    else if (typeCode === 0x0d) view.setFloat32(o, v, false);
    else view.setFloat64(o, v, false);
  });
  return out;
}

async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

function caught(fn: () => unknown): IdxFormatError {
  try {
    fn();
  } catch (err) {
    return err as IdxFormatError;
  }
  throw new Error('expected an error');
}

async function caughtAsync(p: Promise<unknown>): Promise<IdxFormatError> {
  try {
    await p;
  } catch (err) {
    return err as IdxFormatError;
  }
  throw new Error('expected an error');
}

describe('parseIdx', () => {
  it('reads a uint8 matrix', () => {
    const r = parseIdx(idxFile(0x08, [2, 3], [1, 2, 3, 250, 251, 255], 1));
    expect(r.dtype).toBe('uint8');
    expect(r.shape).toEqual([2, 3]);
    expect([...r.data]).toEqual([1, 2, 3, 250, 251, 255]);
  });

  it('reads big-endian int8, int16, int32, float32 and float64 values', () => {
    expect([...parseIdx(idxFile(0x09, [3], [-128, 0, 127], 1)).data]).toEqual([-128, 0, 127]);
    expect([...parseIdx(idxFile(0x0b, [3], [-300, 1, 258], 2)).data]).toEqual([-300, 1, 258]);
    expect([...parseIdx(idxFile(0x0c, [2], [-70000, 123456789], 4)).data]).toEqual([-70000, 123456789]);
    expect([...parseIdx(idxFile(0x0d, [2], [1.5, -0.25], 4)).data]).toEqual([1.5, -0.25]);
    const f64 = parseIdx(idxFile(0x0e, [1, 2], [Math.PI, -1e300], 8));
    expect(f64.shape).toEqual([1, 2]);
    expect([...f64.data]).toEqual([Math.PI, -1e300]);
  });

  it('names the file and both sizes when the file is truncated', () => {
    const file = idxFile(0x08, [4, 5], Array.from({ length: 20 }, (_, i) => i), 1);
    const err = caught(() => parseIdx(file.subarray(0, 20), { name: 'images.idx' }));
    expect(IdxFormatError.isInstance(err)).toBe(true);
    expect(err).toBeInstanceOf(IdxFormatError);
    expect(err.file).toBe('images.idx');
    expect(err.expectedBytes).toBe(12 + 20);
    expect(err.actualBytes).toBe(20);
    expect(err.message).toMatch(/images\.idx.*truncated.*32 bytes.*20 bytes/);
  });

  it('rejects extra bytes after the data', () => {
    const file = idxFile(0x08, [2], [7, 8], 1);
    const padded = new Uint8Array(file.length + 3);
    padded.set(file);
    const err = caught(() => parseIdx(padded, { name: 'x' }));
    expect(err.expectedBytes).toBe(10);
    expect(err.actualBytes).toBe(13);
    expect(err.message).toMatch(/longer than its header says/);
  });

  it('rejects a wrong magic number, and says so for gzip files', () => {
    const file = idxFile(0x08, [2], [7, 8], 1);
    file[2] = 0x07;
    expect(() => parseIdx(file, { name: 'bad' })).toThrow(/bad.*0x00000701.*not an IDX magic number/);
    const gz = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4]);
    expect(() => parseIdx(gz, { name: 'f.gz' })).toThrow(/gzip-compressed/);
    const labels = idxFile(0x08, [2], [7, 8], 1);
    expect(() => parseIdx(labels, { name: 'l', magic: 0x00000803 })).toThrow(/magic number 0x00000801, expected 0x00000803/);
  });

  it('refuses a corrupted header that promises an absurd size', () => {
    const file = idxFile(0x08, [1, 1, 1], [0], 1);
    new DataView(file.buffer).setUint32(4, 0xffffffff);
    new DataView(file.buffer).setUint32(8, 0xffff);
    expect(() => parseIdx(file, { name: 'huge' })).toThrow(/implausibly large/);
  });

  it('reports a file that ends inside its header', () => {
    const err = caught(() => parseIdx(new Uint8Array([0, 0, 8, 3, 0, 0]), { name: 'short' }));
    expect(err.message).toMatch(/ends inside its header/);
    expect(err.expectedBytes).toBe(16);
    expect(err.actualBytes).toBe(6);
  });
});

describe('readIdx (streaming)', () => {
  const values = Array.from({ length: 6 * 4 }, (_, i) => (i * 37) % 256);
  const file = idxFile(0x08, [6, 2, 2], values, 1);

  it('gives the same result for every chunking, down to one byte at a time', async () => {
    for (const size of [1, 3, 7, 16, 1000]) {
      const r = await readIdx(chunks(file, size), { name: 'f' });
      expect(r.shape).toEqual([6, 2, 2]);
      expect([...r.data]).toEqual(values);
    }
  });

  it('reads a ReadableStream (a fetch body)', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < file.length; i += 5) c.enqueue(file.slice(i, i + 5));
        c.close();
      },
    });
    const r = await readIdx(stream, { name: 'f' });
    expect([...r.data]).toEqual(values);
  });

  it('stops early with limit and returns the first items', async () => {
    let pulled = 0;
    async function* counting() {
      for await (const c of chunks(file, 4)) {
        pulled += c.length;
        yield c;
      }
    }
    const r = await readIdx(counting(), { name: 'f', limit: 2 });
    expect(r.shape).toEqual([2, 2, 2]);
    expect([...r.data]).toEqual(values.slice(0, 8));
    expect(pulled).toBeLessThan(file.length);
  });

  it('catches a truncated stream, and with limit a wrong known total size', async () => {
    const err = await caughtAsync(readIdx(chunks(file.subarray(0, 30), 4), { name: 'cut' }));
    expect(err.expectedBytes).toBe(file.length);
    expect(err.actualBytes).toBe(30);
    const err2 = await caughtAsync(readIdx(chunks(file, 4), { name: 'cut', limit: 1, totalBytes: file.length - 1 }));
    expect(err2.message).toMatch(/cut.*truncated.*40 bytes.*39 bytes/);
  });

  it('IdxParser reports done once limited data has arrived', () => {
    const p = new IdxParser({ limit: 1 });
    expect(p.push(file.subarray(0, 16))).toBe(false);
    expect(p.push(file.subarray(16, 25))).toBe(true);
    expect(p.end().shape).toEqual([1, 2, 2]);
  });
});
