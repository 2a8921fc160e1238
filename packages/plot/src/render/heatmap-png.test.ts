import pngjs from 'pngjs';
import { describe, expect, it } from 'vitest';
import { heatmapPng } from './heatmap-png.js';

const decode = (bytes: Uint8Array) => pngjs.PNG.sync.read(Buffer.from(bytes));
const pixel = (png: { width: number; data: Buffer }, x: number, y: number) => {
  const p = (y * png.width + x) * 4;
  return [...png.data.subarray(p, p + 4)];
};

describe('heatmapPng', () => {
  it('writes a PNG of width × height cells, row 0 on top, in viridis (#440154 … #fde725)', () => {
    const bytes = heatmapPng([[0, 1, 0], [1, 0, 1]]);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const png = decode(bytes);
    expect([png.width, png.height]).toEqual([3, 2]);
    expect(pixel(png, 0, 0)).toEqual([0x44, 0x01, 0x54, 255]);
    expect(pixel(png, 1, 0)).toEqual([0xfd, 0xe7, 0x25, 255]);
    expect(pixel(png, 0, 1)).toEqual([0xfd, 0xe7, 0x25, 255]);
  });

  it('blows each cell up to scale × scale pixels', () => {
    const png = decode(heatmapPng({ width: 2, height: 1, values: Float32Array.from([0, 1]) }, { scale: 4 }));
    expect([png.width, png.height]).toEqual([8, 4]);
    for (let y = 0; y < 4; y++) {
      for (let x = 0; x < 8; x++) expect(pixel(png, x, y)).toEqual(x < 4 ? [0x44, 0x01, 0x54, 255] : [0xfd, 0xe7, 0x25, 255]);
    }
  });

  it('centres a diverging map: -m and +m take the scheme ends, 0 its middle', () => {
    const png = decode(heatmapPng([[-2, 0, 1, 2]], { diverging: true }));
    const ends = decode(heatmapPng([[0, 1]], { colorScheme: 'blueorange' }));
    expect(pixel(png, 0, 0)).toEqual(pixel(ends, 0, 0));
    expect(pixel(png, 3, 0)).toEqual(pixel(ends, 1, 0));
    const mid = decode(heatmapPng([[0, 0.5, 1]], { colorScheme: 'blueorange' }));
    expect(pixel(png, 1, 0)).toEqual(pixel(mid, 1, 0));
  });

  it('reverses the scheme and clamps to an explicit domain', () => {
    const png = decode(heatmapPng([[0, 1, 5]], { reverseScheme: true, domain: [0, 1] }));
    expect(pixel(png, 0, 0)).toEqual([0xfd, 0xe7, 0x25, 255]);
    expect(pixel(png, 1, 0)).toEqual([0x44, 0x01, 0x54, 255]);
    expect(pixel(png, 2, 0)).toEqual([0x44, 0x01, 0x54, 255]);
  });

  it('explains bad input', () => {
    expect(() => heatmapPng([[1, 2], [3]])).toThrow('heatmapPng: grid row 1 has 1 values, expected 2');
    expect(() => heatmapPng([[1]], { colorScheme: 'category10' })).toThrow(/colorScheme "category10" is a discrete scheme; use a continuous one/);
    expect(() => heatmapPng([[1]], { colorScheme: 'nope' })).toThrow(/colorScheme "nope" is not a Vega scheme/);
    expect(() => heatmapPng([[1]], { scale: 0.5 })).toThrow(/scale must be an integer in \[1, 64\]/);
  });
});
