import { describe, expect, it } from 'vitest';
import type { MaskShape, Shape } from '../seeds.ts';
import { boxIou, shapeIou } from './iou.ts';

/** A mask of `height` × `width` with the pixels of `inside(row, column)` set, as COCO uncompressed RLE. */
function mask(height: number, width: number, inside: (row: number, column: number) => boolean): MaskShape {
  const counts: number[] = [];
  let current = false;
  let run = 0;
  for (let c = 0; c < width; c++) {
    for (let r = 0; r < height; r++) {
      if (inside(r, c) !== current) {
        counts.push(run);
        current = !current;
        run = 0;
      }
      run++;
    }
  }
  counts.push(run);
  return { kind: 'mask', rle: { size: [height, width], counts } };
}

describe('boxIou', () => {
  it('[D8] is exact: identical 1, disjoint or touching 0, partial overlaps by area', () => {
    const a = { x: 0, y: 0, w: 10, h: 10 };
    expect(boxIou(a, a)).toBe(1);
    expect(boxIou(a, { x: 10, y: 0, w: 10, h: 10 })).toBe(0);
    expect(boxIou(a, { x: 50, y: 50, w: 10, h: 10 })).toBe(0);
    expect(boxIou(a, { x: 5, y: 0, w: 10, h: 10 })).toBeCloseTo(1 / 3, 12);
    expect(boxIou(a, { x: 0, y: 0, w: 10, h: 5 })).toBe(0.5);
    expect(boxIou(a, { x: 2.5, y: 2.5, w: 5, h: 5 })).toBe(0.25);
  });

  it('[D8] an empty box overlaps nothing', () => {
    expect(boxIou({ x: 0, y: 0, w: 0, h: 10 }, { x: 0, y: 0, w: 10, h: 10 })).toBe(0);
    expect(boxIou({ x: 0, y: 0, w: -5, h: 10 }, { x: -5, y: 0, w: 5, h: 10 })).toBe(0);
  });
});

describe('shapeIou', () => {
  const square: Shape = { kind: 'box', x: 0, y: 0, w: 100, h: 100 };
  const triangle: Shape = { kind: 'polygon', points: [[0, 0], [100, 0], [0, 100]] };

  it('[D8] identical shapes give 1, even degenerate ones', () => {
    const flat: Shape = { kind: 'box', x: 5, y: 5, w: 0, h: 0 };
    expect(shapeIou(flat, { ...flat })).toBe(1);
    expect(shapeIou(triangle, { kind: 'polygon', points: [[0, 0], [100, 0], [0, 100]] })).toBe(1);
  });

  it('[D8] rasterises polygons on their outline, against boxes and polygons', () => {
    expect(shapeIou(triangle, square)).toBeCloseTo(0.5, 3);
    const squareAsPolygon: Shape = { kind: 'polygon', points: [[0, 0], [100, 0], [100, 100], [0, 100]] };
    expect(shapeIou(squareAsPolygon, square)).toBeCloseTo(1, 6);
    const otherHalf: Shape = { kind: 'polygon', points: [[100, 0], [100, 100], [0, 100]] };
    expect(shapeIou(triangle, otherHalf)).toBeCloseTo(0, 3);
    expect(shapeIou(triangle, { kind: 'box', x: 200, y: 0, w: 10, h: 10 })).toBe(0);
  });

  it('[D8] two masks of one size are compared exactly, pixel by pixel', () => {
    const left = mask(10, 10, (_, c) => c < 6);
    const right = mask(10, 10, (_, c) => c >= 4);
    // 20 pixels shared, 100 covered.
    expect(shapeIou(left, right)).toBe(0.2);
    expect(shapeIou(left, mask(10, 10, () => false))).toBe(0);
  });

  it('[D8] masks against boxes and polygons use the pixel grid', () => {
    const block = mask(20, 20, (r, c) => r >= 5 && r < 15 && c >= 5 && c < 15);
    expect(shapeIou(block, { kind: 'box', x: 5, y: 5, w: 10, h: 10 })).toBeCloseTo(1, 2);
    expect(shapeIou(block, { kind: 'box', x: 5, y: 5, w: 10, h: 5 })).toBeCloseTo(0.5, 2);
    const blockPolygon: Shape = { kind: 'polygon', points: [[5, 5], [15, 5], [15, 15], [5, 15]] };
    expect(shapeIou(block, blockPolygon)).toBeCloseTo(1, 2);
  });
});
