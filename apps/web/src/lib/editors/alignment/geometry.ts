// Pure geometry of the image canvas: transforms between screen and image pixels, clamping, boxes
// from drags, resizing, polygon hit testing. Everything the document stores is in IMAGE pixels.

/** A point; `x` grows to the right, `y` downwards. */
export interface Point {
  x: number;
  y: number;
}

/** An axis-aligned rectangle: top-left corner and size (never negative once normalised). */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Size {
  width: number;
  height: number;
}

/**
 * How the image is drawn in the canvas: screen = image × scale + (tx, ty), in CSS pixels relative to
 * the canvas element's top-left corner.
 */
export interface View {
  scale: number;
  tx: number;
  ty: number;
}

/** A box handle: a corner or an edge, named by compass direction. */
export type Handle = 'n' | 's' | 'e' | 'w' | 'ne' | 'nw' | 'se' | 'sw';

export const handles: readonly Handle[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

/** Zoom limits (screen pixels per image pixel). */
export const minScale = 0.02;
export const maxScale = 64;

/** Image pixel → screen pixel. */
export function imageToScreen(view: View, point: Point): Point {
  return { x: point.x * view.scale + view.tx, y: point.y * view.scale + view.ty };
}

/** Screen pixel → image pixel (not clamped: a pointer may be outside the image). */
export function screenToImage(view: View, point: Point): Point {
  return { x: (point.x - view.tx) / view.scale, y: (point.y - view.ty) / view.scale };
}

/**
 * Multiplies the zoom by `factor` keeping the image point under `anchor` (a screen point) where it is,
 * as wheel zoom does under the pointer. The scale stays within {@link minScale}..{@link maxScale}.
 *
 * @example zoomAt(view, 1.25, { x: event.offsetX, y: event.offsetY })
 */
export function zoomAt(view: View, factor: number, anchor: Point): View {
  const scale = clamp(view.scale * factor, minScale, maxScale);
  const fixed = screenToImage(view, anchor);
  return { scale, tx: anchor.x - fixed.x * scale, ty: anchor.y - fixed.y * scale };
}

/** Moves the view by a screen-pixel delta (panning). */
export function panBy(view: View, dx: number, dy: number): View {
  return { scale: view.scale, tx: view.tx + dx, ty: view.ty + dy };
}

/** The view that shows the whole image centred in the viewport, with `padding` screen pixels around it. */
export function fitView(image: Size, viewport: Size, padding = 8): View {
  if (image.width <= 0 || image.height <= 0 || viewport.width <= 0 || viewport.height <= 0) return { scale: 1, tx: 0, ty: 0 };
  const available = { width: Math.max(1, viewport.width - 2 * padding), height: Math.max(1, viewport.height - 2 * padding) };
  const scale = clamp(Math.min(available.width / image.width, available.height / image.height), minScale, maxScale);
  return { scale, tx: (viewport.width - image.width * scale) / 2, ty: (viewport.height - image.height * scale) / 2 };
}

/** The point moved inside the image (0..width, 0..height). */
export function clampPoint(point: Point, image: Size): Point {
  return { x: clamp(point.x, 0, image.width), y: clamp(point.y, 0, image.height) };
}

/** The rectangle spanned by two points, whichever corners they are. */
export function normalizeRect(a: Point, b: Point): Rect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(b.x - a.x), h: Math.abs(b.y - a.y) };
}

/**
 * The box drawn by a drag from `start` to `end` (image pixels), in any direction, clamped to the image.
 *
 * @example boxFromDrag({ x: 50, y: 40 }, { x: 10, y: 60 }, image) // { x: 10, y: 40, w: 40, h: 20 }
 */
export function boxFromDrag(start: Point, end: Point, image: Size): Rect {
  return normalizeRect(clampPoint(start, image), clampPoint(end, image));
}

/**
 * The delta (dx, dy) limited so that a shape with these bounds stays inside the image when moved by
 * it. A shape already partly outside may still move, but not further out.
 */
export function clampDelta(bounds: Rect, dx: number, dy: number, image: Size): Point {
  const fit = (start: number, length: number, limit: number, delta: number) => {
    const low = Math.min(0, -start);
    const high = Math.max(0, limit - (start + length));
    return clamp(delta, low, high);
  };
  return { x: fit(bounds.x, bounds.w, image.width, dx), y: fit(bounds.y, bounds.h, image.height, dy) };
}

/** A box moved by (dx, dy), kept inside the image. */
export function moveRect(rect: Rect, dx: number, dy: number, image: Size): Rect {
  const d = clampDelta(rect, dx, dy, image);
  return { x: rect.x + d.x, y: rect.y + d.y, w: rect.w, h: rect.h };
}

/** Polygon points moved by (dx, dy), kept inside the image. */
export function movePoints(points: readonly Point[], dx: number, dy: number, image: Size): Point[] {
  const d = clampDelta(pointsBounds(points), dx, dy, image);
  return points.map((p) => ({ x: p.x + d.x, y: p.y + d.y }));
}

/**
 * A box with one handle dragged to `point` (image pixels, clamped to the image). Dragging an edge
 * past the opposite one flips the box rather than giving it a negative size.
 */
export function resizeRect(rect: Rect, handle: Handle, point: Point, image: Size): Rect {
  const p = clampPoint(point, image);
  let left = rect.x;
  let top = rect.y;
  let right = rect.x + rect.w;
  let bottom = rect.y + rect.h;
  if (handle.includes('w')) left = p.x;
  if (handle.includes('e')) right = p.x;
  if (handle.includes('n')) top = p.y;
  if (handle.includes('s')) bottom = p.y;
  return normalizeRect({ x: left, y: top }, { x: right, y: bottom });
}

/** Where a box's handle is drawn (image pixels). */
export function handlePosition(rect: Rect, handle: Handle): Point {
  const x = handle.includes('w') ? rect.x : handle.includes('e') ? rect.x + rect.w : rect.x + rect.w / 2;
  const y = handle.includes('n') ? rect.y : handle.includes('s') ? rect.y + rect.h : rect.y + rect.h / 2;
  return { x, y };
}

/** The CSS cursor for a handle. */
export function handleCursor(handle: Handle): string {
  return `${handle}-resize`;
}

/** The polygon with vertex `index` moved to `point`, clamped to the image. */
export function moveVertex(points: readonly Point[], index: number, point: Point, image: Size): Point[] {
  const p = clampPoint(point, image);
  return points.map((q, i) => (i === index ? p : q));
}

/** The smallest rectangle holding every point. */
export function pointsBounds(points: readonly Point[]): Rect {
  if (points.length === 0) return { x: 0, y: 0, w: 0, h: 0 };
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const { x, y } of points) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}

/** Whether `point` lies inside or on the edge of `rect`, grown by `tolerance` on every side. */
export function rectContains(rect: Rect, point: Point, tolerance = 0): boolean {
  return (
    point.x >= rect.x - tolerance &&
    point.x <= rect.x + rect.w + tolerance &&
    point.y >= rect.y - tolerance &&
    point.y <= rect.y + rect.h + tolerance
  );
}

/**
 * Whether `point` is inside the polygon (even-odd rule, so self-intersecting outlines behave like
 * SVG's `fill-rule="evenodd"`), or within `tolerance` of its outline.
 */
export function pointInPolygon(point: Point, polygon: readonly Point[], tolerance = 0): boolean {
  if (polygon.length < 3) return polygon.length > 0 && tolerance > 0 && distanceToOutline(point, polygon) <= tolerance;
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i] as Point;
    const b = polygon[j] as Point;
    if (a.y > point.y !== b.y > point.y && point.x < ((b.x - a.x) * (point.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside || (tolerance > 0 && distanceToOutline(point, polygon) <= tolerance);
}

/** Distance from `point` to the closed outline of `polygon`. */
export function distanceToOutline(point: Point, polygon: readonly Point[]): number {
  let best = Infinity;
  for (let i = 0; i < polygon.length; i++) {
    const a = polygon[i] as Point;
    const b = polygon[(i + 1) % polygon.length] as Point;
    best = Math.min(best, distanceToSegment(point, a, b));
  }
  return best;
}

/** Distance from `point` to the segment a–b. */
export function distanceToSegment(point: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : clamp(((point.x - a.x) * dx + (point.y - a.y) * dy) / length2, 0, 1);
  return Math.hypot(point.x - (a.x + t * dx), point.y - (a.y + t * dy));
}

/** Area of a polygon (shoelace formula, absolute value). */
export function polygonArea(points: readonly Point[]): number {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i] as Point;
    const b = points[(i + 1) % points.length] as Point;
    twice += a.x * b.y - b.x * a.y;
  }
  return Math.abs(twice) / 2;
}

/** Rounds an image coordinate for storage: two decimals are far below a pixel and keep documents small. */
export function roundCoordinate(value: number): number {
  return Math.round(value * 100) / 100;
}

export function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
