import type { Shape } from '@concord/annotation-doc';
import { describe, expect, it } from 'vitest';
import { areaOf, bboxOf, segmentationOf } from './geometry.ts';

describe('geometry of shapes', () => {
  it('[V1] a box keeps its x, y, w, h; its area is w·h', () => {
    const box: Shape = { kind: 'box', x: 100, y: 120, w: 200, h: 150 };
    expect(bboxOf(box)).toEqual([100, 120, 200, 150]);
    expect(areaOf(box)).toBe(30_000);
  });

  it('[V1] a polygon: box from its extreme points, area by the shoelace formula whatever its winding', () => {
    const polygon: Shape = { kind: 'polygon', points: [[0, 0], [4, 0], [4, 3], [0, 3]] };
    expect(bboxOf(polygon)).toEqual([0, 0, 4, 3]);
    expect(areaOf(polygon)).toBe(12);
    expect(areaOf({ kind: 'polygon', points: [[0, 3], [4, 3], [4, 0], [0, 0]] })).toBe(12);
  });

  it('[V2] a mask: runs are column-major and start with background; the box is inclusive as in pycocotools', () => {
    // 4 high × 3 wide: column 0 rows 2..3 and column 1 rows 0..1 are one run crossing a column.
    const mask: Shape = { kind: 'mask', rle: { size: [4, 3], counts: [2, 4, 6] } };
    expect(bboxOf(mask)).toEqual([0, 0, 2, 4]);
    expect(areaOf(mask)).toBe(4);
    // One pixel at column 2, row 1.
    expect(bboxOf({ kind: 'mask', rle: { size: [4, 3], counts: [9, 1, 2] } })).toEqual([2, 1, 1, 1]);
  });

  it('[V2] an empty mask has no box', () => {
    expect(bboxOf({ kind: 'mask', rle: { size: [4, 3], counts: [12] } })).toBeNull();
  });

  it('[V2] COCO segmentation: flat polygon, box as 4 corners, mask as the stored {counts, size}', () => {
    expect(segmentationOf({ kind: 'polygon', points: [[1, 2], [3, 4], [5, 6]] })).toEqual([[1, 2, 3, 4, 5, 6]]);
    expect(segmentationOf({ kind: 'box', x: 1, y: 2, w: 3, h: 4 })).toEqual([[1, 2, 4, 2, 4, 6, 1, 6]]);
    expect(segmentationOf({ kind: 'mask', rle: { size: [4, 3], counts: [2, 4, 6] } })).toEqual({ counts: [2, 4, 6], size: [4, 3] });
  });
});
