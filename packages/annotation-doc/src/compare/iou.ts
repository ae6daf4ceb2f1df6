import type { MaskShape, Shape } from '../seeds.ts';
import { covered, overlapLength, samplerOf } from './scanline.ts';
import { sameValue } from './values.ts';

/** An axis-aligned box in image pixels: top-left corner `x`, `y` and size `w`, `h` (as in a box shape). */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Columns sampled for shapes other than two boxes or two masks of one size (see [D8]). */
const minColumns = 256;
const maxColumns = 2048;

function span(start: number, size: number, otherStart: number, otherSize: number): number {
  return Math.max(0, Math.min(start + Math.max(0, size), otherStart + Math.max(0, otherSize)) - Math.max(start, otherStart));
}

/**
 * [D8] Intersection over union of two boxes, exactly: 0 when they do not overlap (or one is empty), 1
 * when they are the same box.
 *
 * @example
 * boxIou({ x: 0, y: 0, w: 10, h: 10 }, { x: 5, y: 0, w: 10, h: 10 }) // 50 / 150 = 1/3
 */
export function boxIou(a: Box, b: Box): number {
  const intersection = span(a.x, a.w, b.x, b.w) * span(a.y, a.h, b.y, b.h);
  const union = Math.max(0, a.w) * Math.max(0, a.h) + Math.max(0, b.w) * Math.max(0, b.h) - intersection;
  return union > 0 ? intersection / union : 0;
}

/** Foreground pixel ranges of a mask in column-major pixel indexes: `[start, end, start, end, …]`. */
function foreground(mask: MaskShape): number[] {
  const total = mask.rle.size[0] * mask.rle.size[1];
  const out: number[] = [];
  let index = 0;
  mask.rle.counts.forEach((run, i) => {
    const end = Math.min(index + run, total);
    if (i % 2 === 1 && end > index) out.push(index, end);
    index = end;
  });
  return out;
}

function maskIou(a: MaskShape, b: MaskShape): number {
  const [fa, fb] = [foreground(a), foreground(b)];
  const intersection = overlapLength(fa, fb);
  const union = covered(fa) + covered(fb) - intersection;
  return union > 0 ? intersection / union : 0;
}

/**
 * IoU measured on vertical lines through the union of both shapes' bounds: exact along each line,
 * summed over evenly spaced lines (one per pixel column, at least 256 and at most 2048).
 */
function scanlineIou(a: Shape, b: Shape): number {
  const [sa, sb] = [samplerOf(a), samplerOf(b)];
  const [ba, bb] = [sa.bounds, sb.bounds];
  const disjoint = ba.x1 <= bb.x0 || bb.x1 <= ba.x0 || ba.y1 <= bb.y0 || bb.y1 <= ba.y0;
  if (disjoint || ba.x1 <= ba.x0 || bb.x1 <= bb.x0) return 0;
  const x0 = Math.min(ba.x0, bb.x0);
  const width = Math.max(ba.x1, bb.x1) - x0;
  const columns = Math.min(maxColumns, Math.max(minColumns, Math.ceil(width)));
  const step = width / columns;
  let intersection = 0;
  let union = 0;
  for (let i = 0; i < columns; i++) {
    const x = x0 + (i + 0.5) * step;
    const [ca, cb] = [sa.column(x), sb.column(x)];
    const both = overlapLength(ca, cb);
    intersection += both;
    union += covered(ca) + covered(cb) - both;
  }
  return union > 0 ? intersection / union : 0;
}

/**
 * [D8] Intersection over union of two region shapes, in [0, 1]. Identical shapes give 1 (even empty
 * ones); two boxes are exact ({@link boxIou}); two masks of one size are exact on their pixels; any
 * other pair (polygons, or mixed kinds) is rasterised on vertical scanlines: exact along each line,
 * one line per pixel column (at least 256, at most 2048 lines), so polygons are measured on their
 * real outline, not their bounding boxes.
 */
export function shapeIou(a: Shape, b: Shape): number {
  if (sameValue(a, b)) return 1;
  if (a.kind === 'box' && b.kind === 'box') return boxIou(a, b);
  if (a.kind === 'mask' && b.kind === 'mask' && sameValue(a.rle.size, b.rle.size)) return maskIou(a, b);
  return scanlineIou(a, b);
}
