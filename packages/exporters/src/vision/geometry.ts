import type { MaskShape, Shape } from '@concord/annotation-doc';

/** A box in image pixels: top-left corner plus width and height (COCO's `bbox`). */
export type Xywh = [number, number, number, number];

/** [V1] The pixel bounding box of a shape: boxes as stored, polygons by their extreme points, masks from their runs. */
export function bboxOf(shape: Shape): Xywh | null {
  if (shape.kind === 'box') return [shape.x, shape.y, shape.w, shape.h];
  if (shape.kind === 'polygon') {
    const xs = shape.points.map((p) => p[0]);
    const ys = shape.points.map((p) => p[1]);
    const x = Math.min(...xs);
    const y = Math.min(...ys);
    return [x, y, Math.max(...xs) - x, Math.max(...ys) - y];
  }
  return maskBbox(shape);
}

/**
 * [V2] A mask's box the way pycocotools `toBbox` computes it: runs alternate background/foreground starting
 * with background, pixels are numbered column by column (index = x * height + y), the box is inclusive.
 */
function maskBbox(shape: MaskShape): Xywh | null {
  const [height] = shape.rle.size;
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  let index = 0;
  shape.rle.counts.forEach((run, i) => {
    if (i % 2 === 1 && run > 0) {
      const first = index;
      const last = index + run - 1;
      const x0 = Math.floor(first / height);
      const x1 = Math.floor(last / height);
      xMin = Math.min(xMin, x0);
      xMax = Math.max(xMax, x1);
      // A run over two or more columns ends a column at the bottom and starts one at the top.
      yMin = Math.min(yMin, x0 === x1 ? first % height : 0);
      yMax = Math.max(yMax, x0 === x1 ? last % height : height - 1);
    }
    index += run;
  });
  return xMin === Infinity ? null : [xMin, yMin, xMax - xMin + 1, yMax - yMin + 1];
}

/** [V1] The area of a shape in square pixels: box w·h, polygon by the shoelace formula, mask by its foreground runs. */
export function areaOf(shape: Shape): number {
  if (shape.kind === 'box') return Math.abs(shape.w * shape.h);
  if (shape.kind === 'polygon') {
    let twice = 0;
    shape.points.forEach(([x, y], i) => {
      const [nx, ny] = shape.points[(i + 1) % shape.points.length] ?? [x, y];
      twice += x * ny - nx * y;
    });
    return Math.abs(twice) / 2;
  }
  return shape.rle.counts.reduce((sum, run, i) => (i % 2 === 1 ? sum + run : sum), 0);
}

/** COCO's `segmentation`: a list of flat polygons, or an uncompressed RLE. */
export type Segmentation = number[][] | { counts: number[]; size: [number, number] };

/**
 * [V2] COCO `segmentation` of a shape: a polygon as `[[x1, y1, x2, y2, …]]`, a box as its four corners, a mask
 * as uncompressed RLE `{counts, size}`: the document already stores COCO's column-major runs with `size`
 * `[height, width]`, so they are written as stored (a mask whose size is not the image's is left out
 * before this, V4).
 */
export function segmentationOf(shape: Shape): Segmentation {
  if (shape.kind === 'polygon') return [shape.points.flatMap(([x, y]) => [x, y])];
  if (shape.kind === 'box') {
    const { x, y, w, h } = shape;
    return [[x, y, x + w, y, x + w, y + h, x, y + h]];
  }
  return { counts: [...shape.rle.counts], size: [shape.rle.size[0], shape.rle.size[1]] };
}
