import { fmt } from '../problems.ts';
import type { BoxShape, ImageRef, MaskShape, PolygonShape, Shape } from '../seeds.ts';

function boxProblems(box: BoxShape, image: ImageRef | null): string[] {
  if (box.w <= 0 || box.h <= 0) return [`the box is empty: its width and height must be more than 0 (w = ${fmt(box.w)}, h = ${fmt(box.h)})`];
  if (!image) return [];
  const out: string[] = [];
  if (box.x < 0) out.push(`the box extends past the left edge of the image (x = ${fmt(box.x)} < 0)`);
  if (box.y < 0) out.push(`the box extends past the top edge of the image (y = ${fmt(box.y)} < 0)`);
  if (box.x + box.w > image.width) out.push(`the box extends past the right edge of the image (x + w = ${fmt(box.x + box.w)} > ${image.width})`);
  if (box.y + box.h > image.height) out.push(`the box extends past the bottom edge of the image (y + h = ${fmt(box.y + box.h)} > ${image.height})`);
  return out;
}

/** Twice the signed area of a polygon (shoelace formula). */
function doubleArea(points: [number, number][]): number {
  let sum = 0;
  points.forEach(([x, y], i) => {
    const [nx, ny] = points[(i + 1) % points.length] ?? [x, y];
    sum += x * ny - nx * y;
  });
  return sum;
}

function polygonProblems(polygon: PolygonShape, image: ImageRef | null): string[] {
  const out: string[] = [];
  if (Math.abs(doubleArea(polygon.points)) < 1e-9) out.push('the polygon has no area: its points lie on one line');
  if (!image) return out;
  const outside = polygon.points.flatMap(([x, y], i) => (x < 0 || y < 0 || x > image.width || y > image.height ? [{ i, x, y }] : []));
  const first = outside[0];
  if (first) {
    const others = outside.length > 1 ? ` (and ${outside.length - 1} more)` : '';
    out.push(`polygon point ${first.i + 1} (${fmt(first.x)}, ${fmt(first.y)}) is outside the ${image.width} × ${image.height} image${others}`);
  }
  return out;
}

function maskProblems(mask: MaskShape, image: ImageRef | null): string[] {
  const [h, w] = mask.rle.size;
  const covered = mask.rle.counts.reduce((sum, run) => sum + run, 0);
  const out: string[] = [];
  if (image && (h !== image.height || w !== image.width)) {
    out.push(`the mask is ${w} × ${h} pixels but the image is ${image.width} × ${image.height}`);
  }
  if (covered !== h * w) out.push(`the mask's runs cover ${covered} pixels, but a ${w} × ${h} mask has ${h * w}`);
  // Counts alternate background and foreground runs, starting with background.
  if (!mask.rle.counts.some((run, i) => i % 2 === 1 && run > 0)) out.push('the mask is empty: no pixel is set');
  return out;
}

/**
 * What is wrong with a region's shape, as sentences: degenerate shapes, and (when the image is known)
 * shapes not inside it.
 */
export function shapeProblems(shape: Shape, image: ImageRef | null): string[] {
  switch (shape.kind) {
    case 'box':
      return boxProblems(shape, image);
    case 'polygon':
      return polygonProblems(shape, image);
    case 'mask':
      return maskProblems(shape, image);
  }
}
