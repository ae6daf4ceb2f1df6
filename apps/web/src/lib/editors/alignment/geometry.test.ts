import { describe, expect, it } from 'vitest';
import {
  boxFromDrag,
  clampPoint,
  distanceToSegment,
  fitView,
  handlePosition,
  imageToScreen,
  maxScale,
  minScale,
  moveRect,
  movePoints,
  moveVertex,
  panBy,
  pointInPolygon,
  polygonArea,
  resizeRect,
  screenToImage,
  type View,
  zoomAt,
} from './geometry.ts';

const image = { width: 640, height: 480 };

describe('screen ↔ image transforms', () => {
  it('round-trips under zoom and pan', () => {
    const views: View[] = [
      { scale: 1, tx: 0, ty: 0 },
      { scale: 2.5, tx: -120, ty: 33 },
      { scale: 0.125, tx: 400, ty: -7 },
    ];
    for (const view of views) {
      for (const p of [{ x: 0, y: 0 }, { x: 12.5, y: 300 }, { x: 640, y: 480 }]) {
        const back = screenToImage(view, imageToScreen(view, p));
        expect(back.x).toBeCloseTo(p.x, 9);
        expect(back.y).toBeCloseTo(p.y, 9);
      }
    }
    expect(imageToScreen({ scale: 2, tx: 10, ty: 20 }, { x: 5, y: 6 })).toEqual({ x: 20, y: 32 });
    expect(screenToImage({ scale: 2, tx: 10, ty: 20 }, { x: 20, y: 32 })).toEqual({ x: 5, y: 6 });
  });

  it('zooming keeps the image point under the pointer in place', () => {
    const view: View = { scale: 1.5, tx: 40, ty: -10 };
    const anchor = { x: 300, y: 200 };
    const before = screenToImage(view, anchor);
    for (const factor of [1.25, 0.8, 3, 0.1]) {
      const zoomed = zoomAt(view, factor, anchor);
      const after = screenToImage(zoomed, anchor);
      expect(after.x).toBeCloseTo(before.x, 9);
      expect(after.y).toBeCloseTo(before.y, 9);
    }
  });

  it('zoom stays within its limits', () => {
    expect(zoomAt({ scale: 1, tx: 0, ty: 0 }, 1e6, { x: 0, y: 0 }).scale).toBe(maxScale);
    expect(zoomAt({ scale: 1, tx: 0, ty: 0 }, 1e-6, { x: 0, y: 0 }).scale).toBe(minScale);
  });

  it('panning moves the image by screen pixels at any zoom', () => {
    const view = panBy({ scale: 4, tx: 0, ty: 0 }, 8, -4);
    expect(screenToImage(view, { x: 8, y: -4 })).toEqual({ x: 0, y: 0 });
  });

  it('fit shows the whole image centred', () => {
    const view = fitView({ width: 64, height: 48 }, { width: 800, height: 400 }, 0);
    expect(view.scale).toBeCloseTo(400 / 48);
    expect(imageToScreen(view, { x: 0, y: 0 }).y).toBeCloseTo(0);
    expect(imageToScreen(view, { x: 64, y: 48 }).y).toBeCloseTo(400);
    const left = imageToScreen(view, { x: 0, y: 0 }).x;
    const right = 800 - imageToScreen(view, { x: 64, y: 48 }).x;
    expect(left).toBeCloseTo(right);
    expect(fitView({ width: 0, height: 0 }, { width: 100, height: 100 })).toEqual({ scale: 1, tx: 0, ty: 0 });
  });
});

describe('clamping to the image', () => {
  it('clamps points', () => {
    expect(clampPoint({ x: -5, y: 500 }, image)).toEqual({ x: 0, y: 480 });
    expect(clampPoint({ x: 10, y: 20 }, image)).toEqual({ x: 10, y: 20 });
  });

  it('moving a box or polygon never takes it out of the image', () => {
    expect(moveRect({ x: 600, y: 10, w: 30, h: 20 }, 100, -50, image)).toEqual({ x: 610, y: 0, w: 30, h: 20 });
    expect(moveRect({ x: 10, y: 10, w: 30, h: 20 }, -3, 4, image)).toEqual({ x: 7, y: 14, w: 30, h: 20 });
    const moved = movePoints([{ x: 5, y: 5 }, { x: 20, y: 5 }, { x: 10, y: 470 }], -50, 50, image);
    expect(moved).toEqual([{ x: 0, y: 15 }, { x: 15, y: 15 }, { x: 5, y: 480 }]);
  });

  it('a shape already partly outside may move back in but not further out', () => {
    expect(moveRect({ x: -10, y: 0, w: 30, h: 20 }, -5, 0, image).x).toBe(-10);
    expect(moveRect({ x: -10, y: 0, w: 30, h: 20 }, 4, 0, image).x).toBe(-6);
  });
});

describe('boxes from drags', () => {
  it('gives the same box whichever direction the drag goes', () => {
    const a = { x: 10, y: 40 };
    const b = { x: 50, y: 60 };
    const expected = { x: 10, y: 40, w: 40, h: 20 };
    expect(boxFromDrag(a, b, image)).toEqual(expected);
    expect(boxFromDrag(b, a, image)).toEqual(expected);
    expect(boxFromDrag({ x: 10, y: 60 }, { x: 50, y: 40 }, image)).toEqual(expected);
    expect(boxFromDrag({ x: 50, y: 40 }, { x: 10, y: 60 }, image)).toEqual(expected);
  });

  it('clamps a drag that leaves the image', () => {
    expect(boxFromDrag({ x: 600, y: 400 }, { x: 900, y: -30 }, image)).toEqual({ x: 600, y: 0, w: 40, h: 400 });
  });
});

describe('resizing boxes', () => {
  const box = { x: 100, y: 100, w: 50, h: 40 };
  it('moves only the dragged edges', () => {
    expect(resizeRect(box, 'se', { x: 200, y: 160 }, image)).toEqual({ x: 100, y: 100, w: 100, h: 60 });
    expect(resizeRect(box, 'n', { x: 999, y: 80 }, image)).toEqual({ x: 100, y: 80, w: 50, h: 60 });
    expect(resizeRect(box, 'w', { x: 90, y: 0 }, image)).toEqual({ x: 90, y: 100, w: 60, h: 40 });
  });
  it('flips instead of going negative, and stays in the image', () => {
    expect(resizeRect(box, 'e', { x: 80, y: 0 }, image)).toEqual({ x: 80, y: 100, w: 20, h: 40 });
    expect(resizeRect(box, 'nw', { x: -100, y: -100 }, image)).toEqual({ x: 0, y: 0, w: 150, h: 140 });
  });
  it('places handles on corners and edge midpoints', () => {
    expect(handlePosition(box, 'nw')).toEqual({ x: 100, y: 100 });
    expect(handlePosition(box, 's')).toEqual({ x: 125, y: 140 });
    expect(handlePosition(box, 'e')).toEqual({ x: 150, y: 120 });
  });
});

describe('polygons', () => {
  const square = [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 10 }, { x: 0, y: 10 }];
  const concave = [{ x: 0, y: 0 }, { x: 30, y: 0 }, { x: 30, y: 30 }, { x: 20, y: 30 }, { x: 20, y: 10 }, { x: 10, y: 10 }, { x: 10, y: 30 }, { x: 0, y: 30 }];

  it('hit tests inside, outside and the notch of a concave outline', () => {
    expect(pointInPolygon({ x: 5, y: 5 }, square)).toBe(true);
    expect(pointInPolygon({ x: 15, y: 5 }, square)).toBe(false);
    expect(pointInPolygon({ x: 5, y: 20 }, concave)).toBe(true);
    expect(pointInPolygon({ x: 15, y: 20 }, concave)).toBe(false);
    expect(pointInPolygon({ x: 25, y: 20 }, concave)).toBe(true);
  });

  it('counts points near the outline with a tolerance', () => {
    expect(pointInPolygon({ x: 11, y: 5 }, square)).toBe(false);
    expect(pointInPolygon({ x: 11, y: 5 }, square, 1.5)).toBe(true);
    expect(pointInPolygon({ x: 3, y: 0.5 }, [{ x: 0, y: 0 }, { x: 10, y: 0 }], 1)).toBe(true);
  });

  it('moves one vertex, clamped', () => {
    expect(moveVertex(square, 2, { x: 700, y: 12 }, image)).toEqual([{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 640, y: 12 }, { x: 0, y: 10 }]);
  });

  it('measures area and distance', () => {
    expect(polygonArea(square)).toBe(100);
    expect(polygonArea([...square].reverse())).toBe(100);
    expect(distanceToSegment({ x: 5, y: 3 }, { x: 0, y: 0 }, { x: 10, y: 0 })).toBe(3);
    expect(distanceToSegment({ x: -3, y: 4 }, { x: 0, y: 0 }, { x: 10, y: 0 })).toBe(5);
  });
});
