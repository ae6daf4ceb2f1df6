import type { Shape } from '@concord/annotation-doc';
import { describe, expect, it } from 'vitest';
import { encodeRle } from './rle.ts';
import { hitTest, kindLabel, sameShape, shapeArea, shapeBounds, shapeContains, sizeLabel, translateShape } from './shapes.ts';

const image = { width: 100, height: 80 };
const big: Shape = { kind: 'box', x: 0, y: 0, w: 100, h: 80 };
const small: Shape = { kind: 'box', x: 10, y: 10, w: 10, h: 10 };
const triangle: Shape = { kind: 'polygon', points: [[50, 10], [90, 70], [10, 70]] };

function maskShape(): Shape {
  const data = new Uint8Array(100 * 80);
  for (let y = 30; y < 40; y++) for (let x = 60; x < 65; x++) data[y * 100 + x] = 1;
  return { kind: 'mask', rle: encodeRle({ width: 100, height: 80, data }) as { size: [number, number]; counts: number[] } };
}

describe('shapes', () => {
  it('measure bounds and area for every kind', () => {
    expect(shapeBounds(triangle)).toEqual({ x: 10, y: 10, w: 80, h: 60 });
    expect(shapeArea(triangle)).toBe(2400);
    const mask = maskShape();
    expect(shapeBounds(mask)).toEqual({ x: 60, y: 30, w: 5, h: 10 });
    expect(shapeArea(mask)).toBe(50);
    expect(sizeLabel(small)).toBe('10 × 10');
    expect(sizeLabel(triangle)).toBe('3 pts, 80 × 60');
    expect(sizeLabel(mask)).toBe('50 px');
    expect([big, triangle, mask].map(kindLabel)).toEqual(['Box', 'Polygon', 'Mask']);
  });

  it('hit testing prefers the smallest region, or the selected one', () => {
    const regions = [{ id: 'big', shape: big }, { id: 'small', shape: small }, { id: 'tri', shape: triangle }];
    expect(hitTest(regions, { x: 15, y: 15 })).toBe('small');
    expect(hitTest(regions, { x: 50, y: 50 })).toBe('tri');
    expect(hitTest(regions, { x: 95, y: 5 })).toBe('big');
    expect(hitTest(regions, { x: 15, y: 15 }, 0, 'big')).toBe('big');
    expect(hitTest(regions, { x: 200, y: 200 })).toBeNull();
    expect(hitTest([{ id: 'm', shape: maskShape() }], { x: 61.5, y: 35 })).toBe('m');
    expect(hitTest([{ id: 'm', shape: maskShape() }], { x: 59.5, y: 35 })).toBeNull();
  });

  it('polygon containment follows the outline, not the bounds', () => {
    expect(shapeContains(triangle, { x: 12, y: 12 })).toBe(false);
    expect(shapeContains(triangle, { x: 50, y: 40 })).toBe(true);
  });

  it('moves boxes and polygons inside the image; masks stay', () => {
    expect(translateShape(small, 100, -100, image)).toEqual({ kind: 'box', x: 90, y: 0, w: 10, h: 10 });
    expect(translateShape(triangle, -20, 5, image)).toEqual({ kind: 'polygon', points: [[40, 15], [80, 75], [0, 75]] });
    const mask = maskShape();
    expect(translateShape(mask, 5, 5, image)).toBe(mask);
    expect(sameShape(small, { kind: 'box', x: 10, y: 10, w: 10, h: 10 })).toBe(true);
    expect(sameShape(small, big)).toBe(false);
  });
});
