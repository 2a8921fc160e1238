import { describe, expect, it } from 'vitest';
import { imageWithOverlay } from './image-with-overlay.js';

type Cell = { x: number; x2: number; y: number; y2: number; v: number; a?: number };
type Spec = { layer: { data: { values: Cell[] }; encoding: { color: { scale: Record<string, unknown> } } }[]; resolve: unknown };
const spec = (s: unknown) => s as Spec;
const image = Array.from({ length: 4 }, (_, r) => [0, 1, 2, 3].map((c) => (r + c) / 6));

describe('imageWithOverlay', () => {
  it('stretches a coarse overlay over the image (each cell covers image/overlay pixels)', () => {
    const s = spec(imageWithOverlay({ image, overlay: [[0, 1], [2, 4]] }));
    const [img, over] = s.layer;
    expect(img.data.values).toHaveLength(16);
    expect(over.data.values).toHaveLength(4);
    expect(over.data.values.find((d) => d.v === 4)).toMatchObject({ x: 2, x2: 4, y: 2, y2: 4 });
    expect(s.resolve).toEqual({ scale: { color: 'independent' } });
  });

  it('fades weak overlay cells: opacity = opacity · (v - min) / (max - min)', () => {
    const s = spec(imageWithOverlay({ image, overlay: [[0, 1], [2, 4]] }, { opacity: 0.8 }));
    expect(s.layer[1].data.values.map((d) => d.a)).toEqual([0, 0.2, 0.4, 0.8]);
  });

  it('under diverging, opacity follows |v| and the colours are centred on 0', () => {
    const s = spec(imageWithOverlay({ image, overlay: [[-2, 1], [0, 4]] }, { diverging: true, opacity: 1 }));
    expect(s.layer[1].data.values.map((d) => d.a)).toEqual([0.5, 0.25, 0, 1]);
    expect(s.layer[1].encoding.color.scale).toMatchObject({ scheme: 'blueorange', domain: [-4, 4], domainMid: 0 });
    expect(s.layer[0].encoding.color.scale).toMatchObject({ scheme: 'greys', domain: [0, 1] });
  });

  it('rejects sizes that do not divide and a bad opacity', () => {
    expect(() => imageWithOverlay({ image, overlay: [[1, 2, 3]] })).toThrow(
      'imageWithOverlay: image is 4 × 4 but overlay is 1 × 3; the image size must be a whole multiple of the overlay size (resize the overlay)',
    );
    expect(() => imageWithOverlay({ image, overlay: image }, { opacity: 2 })).toThrow(/opacity must be in \[0, 1\]/);
    expect(() => imageWithOverlay({ image } as never)).toThrow(/input must be \{ image, overlay \}/);
  });
});
