import { describe, expect, it } from 'vitest';
import { decodeRle, encodeRle, maskArea, maskBounds, maskContains, maskToRgba } from './rle.ts';

describe('RLE decoding (COCO uncompressed, column-major)', () => {
  it('decodes column-major runs into a row-major mask', () => {
    const mask = decodeRle({ size: [2, 3], counts: [1, 3, 2] });
    // Column-major order: (0,0)=0, (0,1)=1 | (1,0)=1, (1,1)=1 | (2,0)=0, (2,1)=0
    expect(mask).not.toBeNull();
    expect(mask?.width).toBe(3);
    expect(mask?.height).toBe(2);
    expect([...(mask?.data ?? [])]).toEqual([0, 1, 0, 1, 1, 0]);
  });

  it('round-trips through encodeRle', () => {
    const width = 7;
    const height = 5;
    const data = new Uint8Array(width * height);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919) % 3 === 0 ? 1 : 0;
    const rle = encodeRle({ width, height, data });
    expect(rle.size).toEqual([5, 7]);
    expect(rle.counts.reduce((a, b) => a + b, 0)).toBe(35);
    expect([...(decodeRle(rle)?.data ?? [])]).toEqual([...data]);
  });

  it('starts with a zero-length background run when the first pixel is set', () => {
    const rle = encodeRle({ width: 1, height: 2, data: Uint8Array.of(1, 0) });
    expect(rle.counts).toEqual([0, 1, 1]);
    expect([...(decodeRle(rle)?.data ?? [])]).toEqual([1, 0]);
  });

  it('never throws on malformed input', () => {
    expect(decodeRle({ size: [0, 3], counts: [1] })).toBeNull();
    expect(decodeRle({ size: [-1, 3], counts: [1] })).toBeNull();
    expect(decodeRle({ size: [2], counts: [1] })).toBeNull();
    expect(decodeRle({ size: [100000, 100000], counts: [1] })).toBeNull();
    // Runs past the end are clipped; a short list leaves the rest as background.
    expect([...(decodeRle({ size: [2, 2], counts: [1, 100] })?.data ?? [])]).toEqual([0, 1, 1, 1]);
    expect([...(decodeRle({ size: [2, 2], counts: [0, 1] })?.data ?? [])]).toEqual([1, 0, 0, 0]);
    expect(decodeRle({ size: [2, 2], counts: [-4, 1.5, Number.NaN] })?.data.length).toBe(4);
  });

  it('measures bounds, area and containment', () => {
    const mask = decodeRle({ size: [4, 4], counts: [5, 2, 2, 2, 5] });
    // Columns 1 and 2, rows 1 and 2.
    expect(maskBounds(mask!)).toEqual({ x: 1, y: 1, w: 2, h: 2 });
    expect(maskArea(mask!)).toBe(4);
    expect(maskContains(mask!, 1.5, 2.9)).toBe(true);
    expect(maskContains(mask!, 0.5, 0.5)).toBe(false);
    expect(maskContains(mask!, -1, 9)).toBe(false);
    expect(maskBounds(decodeRle({ size: [2, 2], counts: [4] })!)).toBeNull();
  });

  it('colours set pixels for drawing', () => {
    const rgba = maskToRgba(decodeRle({ size: [1, 2], counts: [1, 1] })!, '#ff8000', 100);
    expect([...rgba]).toEqual([0, 0, 0, 0, 255, 128, 0, 100]);
  });
});
