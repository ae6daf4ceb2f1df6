// Region shapes as the document stores them ({ kind: 'box' | 'polygon' | 'mask', … }, image pixels),
// and the canvas operations on them: bounds, hit testing, moving, sizes for the region list.

import type { BoxShape, MaskShape, PolygonShape, Shape } from '@concord/annotation-doc';
import {
  clampDelta,
  type Point,
  pointInPolygon,
  pointsBounds,
  polygonArea,
  type Rect,
  rectContains,
  roundCoordinate,
  type Size,
} from './geometry.ts';
import { decodeRle, type Mask, maskArea, maskBounds, maskContains } from './rle.ts';

/** A region as the canvas needs it. */
export interface CanvasRegion {
  id: string;
  shape: Shape;
}

// Decoded masks, per RLE object (shapes are immutable plain values read from the document).
const decoded = new WeakMap<object, Mask | null>();

/** The decoded mask of a mask shape, cached per shape value. */
export function maskOf(shape: MaskShape): Mask | null {
  let mask = decoded.get(shape.rle);
  if (mask === undefined) {
    mask = decodeRle(shape.rle);
    decoded.set(shape.rle, mask);
  }
  return mask;
}

/** Polygon points as objects. */
export function polygonPoints(shape: PolygonShape): Point[] {
  return shape.points.map(([x, y]) => ({ x, y }));
}

/** A polygon shape from points, coordinates rounded for storage. */
export function polygonShape(points: readonly Point[]): PolygonShape {
  return { kind: 'polygon', points: points.map((p) => [roundCoordinate(p.x), roundCoordinate(p.y)] as [number, number]) };
}

/** A box shape from a rectangle, coordinates rounded for storage. */
export function boxShape(rect: Rect): BoxShape {
  return { kind: 'box', x: roundCoordinate(rect.x), y: roundCoordinate(rect.y), w: roundCoordinate(rect.w), h: roundCoordinate(rect.h) };
}

/** The smallest rectangle holding the shape (image pixels); an empty mask gives an empty rectangle. */
export function shapeBounds(shape: Shape): Rect {
  switch (shape.kind) {
    case 'box':
      return { x: shape.x, y: shape.y, w: shape.w, h: shape.h };
    case 'polygon':
      return pointsBounds(polygonPoints(shape));
    case 'mask': {
      const mask = maskOf(shape);
      return (mask && maskBounds(mask)) ?? { x: 0, y: 0, w: 0, h: 0 };
    }
  }
}

/** Area in image pixels (boxes: w × h; polygons: enclosed area; masks: set pixels). */
export function shapeArea(shape: Shape): number {
  switch (shape.kind) {
    case 'box':
      return Math.abs(shape.w * shape.h);
    case 'polygon':
      return polygonArea(polygonPoints(shape));
    case 'mask': {
      const mask = maskOf(shape);
      return mask ? maskArea(mask) : 0;
    }
  }
}

/** Whether the image point `point` is on the shape; `tolerance` (image pixels) widens outlines. */
export function shapeContains(shape: Shape, point: Point, tolerance = 0): boolean {
  switch (shape.kind) {
    case 'box':
      return rectContains(shapeBounds(shape), point, tolerance);
    case 'polygon':
      return pointInPolygon(point, polygonPoints(shape), tolerance);
    case 'mask': {
      const mask = maskOf(shape);
      return mask !== null && maskContains(mask, point.x, point.y);
    }
  }
}

/**
 * The region under an image point: of all regions containing it, the smallest one, so a small region
 * inside a big one can still be picked. `preferId` wins when it contains the point (the selected
 * region stays grabbed even where others overlap it).
 */
export function hitTest(regions: readonly CanvasRegion[], point: Point, tolerance = 0, preferId: string | null = null): string | null {
  let best: { id: string; area: number } | null = null;
  for (const region of regions) {
    if (!shapeContains(region.shape, point, tolerance)) continue;
    if (region.id === preferId) return region.id;
    const area = shapeArea(region.shape);
    if (best === null || area < best.area) best = { id: region.id, area };
  }
  return best?.id ?? null;
}

/** Whether the shape can be moved or reshaped on the canvas (masks are read-only). */
export function isEditableShape(shape: Shape): shape is BoxShape | PolygonShape {
  return shape.kind === 'box' || shape.kind === 'polygon';
}

/** The shape moved by (dx, dy) image pixels, kept inside the image; masks do not move. */
export function translateShape(shape: Shape, dx: number, dy: number, image: Size): Shape {
  switch (shape.kind) {
    case 'box': {
      const d = clampDelta(shapeBounds(shape), dx, dy, image);
      return boxShape({ x: shape.x + d.x, y: shape.y + d.y, w: shape.w, h: shape.h });
    }
    case 'polygon': {
      const d = clampDelta(shapeBounds(shape), dx, dy, image);
      return polygonShape(polygonPoints(shape).map((p) => ({ x: p.x + d.x, y: p.y + d.y })));
    }
    case 'mask':
      return shape;
  }
}

/** Short words for a shape's kind. */
export function kindLabel(shape: Shape): string {
  switch (shape.kind) {
    case 'box':
      return 'Box';
    case 'polygon':
      return 'Polygon';
    case 'mask':
      return 'Mask';
  }
}

/**
 * The size column of the region list: `120 × 80` for boxes, points and bounds for polygons, pixel
 * count for masks.
 */
export function sizeLabel(shape: Shape): string {
  const bounds = shapeBounds(shape);
  const wh = `${Math.round(bounds.w)} × ${Math.round(bounds.h)}`;
  switch (shape.kind) {
    case 'box':
      return wh;
    case 'polygon':
      return `${shape.points.length} pts, ${wh}`;
    case 'mask':
      return `${shapeArea(shape)} px`;
  }
}

/** Whether two shapes are the same value (so an unchanged drag writes nothing). */
export function sameShape(a: Shape, b: Shape): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** An SVG `points` attribute for a polygon. */
export function svgPoints(points: readonly Point[] | readonly (readonly [number, number])[]): string {
  return points.map((p) => (Array.isArray(p) ? `${p[0]},${p[1]}` : `${(p as Point).x},${(p as Point).y}`)).join(' ');
}
