import type { Shape } from '@concord/annotation-doc';

/** An axis-aligned box: top-left corner and size, in image pixels. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

function bounds(minX: number, minY: number, maxX: number, maxY: number): Rect {
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}

/** The bounding box of a COCO uncompressed RLE mask (column-major runs, background first); null when empty. */
function maskBounds(rle: { size: [number, number]; counts: number[] }): Rect | null {
  const height = rle.size[0];
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  let position = 0;
  rle.counts.forEach((run, index) => {
    if (index % 2 === 1 && run > 0) {
      const [first, last] = [position, position + run - 1];
      const [firstColumn, lastColumn] = [Math.floor(first / height), Math.floor(last / height)];
      minX = Math.min(minX, firstColumn);
      maxX = Math.max(maxX, lastColumn + 1);
      // A run that wraps into the next column covers its first column to the bottom and the next from the top.
      minY = Math.min(minY, firstColumn === lastColumn ? first % height : 0);
      maxY = Math.max(maxY, firstColumn === lastColumn ? (last % height) + 1 : height);
    }
    position += run;
  });
  return Number.isFinite(minX) ? bounds(minX, minY, maxX, maxY) : null;
}

/**
 * [O9] A shape's bounding box: a box as it is (negative sizes normalised), a polygon's points' extent,
 * a mask's foreground pixels' extent; null for an empty mask.
 *
 * @example shapeBounds({ kind: 'polygon', points: [[0, 0], [4, 0], [2, 3]] }) // { x: 0, y: 0, w: 4, h: 3 }
 */
export function shapeBounds(shape: Shape): Rect | null {
  switch (shape.kind) {
    case 'box':
      return bounds(Math.min(shape.x, shape.x + shape.w), Math.min(shape.y, shape.y + shape.h), Math.max(shape.x, shape.x + shape.w), Math.max(shape.y, shape.y + shape.h));
    case 'polygon': {
      const xs = shape.points.map((p) => p[0]);
      const ys = shape.points.map((p) => p[1]);
      return bounds(Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys));
    }
    case 'mask':
      return maskBounds(shape.rle);
  }
}
