import type { MaskShape, PolygonShape, Shape } from '../seeds.ts';

/** Sorted, disjoint intervals of one column as a flat list: `[y0, y1, y0, y1, …]`. */
export type Intervals = number[];

/** The bounding box of a shape's covered area (`x1 <= x0` or `y1 <= y0` when it covers nothing). */
export interface Bounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A shape seen column by column. */
export interface ColumnSampler {
  bounds: Bounds;
  /** What the shape covers on the vertical line `x` (between pixel edges: pixel centres are at `c + 0.5`). */
  column(x: number): Intervals;
}

const maskColumnsCache = new WeakMap<MaskShape, Intervals[]>();

/** A mask's foreground runs per image column (COCO RLE is column-major, so runs split only at column ends). */
export function maskColumns(mask: MaskShape): Intervals[] {
  const cached = maskColumnsCache.get(mask);
  if (cached) return cached;
  const [height, width] = mask.rle.size;
  const columns: Intervals[] = Array.from({ length: width }, () => []);
  const total = height * width;
  let index = 0;
  mask.rle.counts.forEach((run, i) => {
    const end = Math.min(index + run, total);
    // Odd runs are foreground (counts start with background).
    for (let at = index; i % 2 === 1 && at < end; ) {
      const c = Math.floor(at / height);
      const stop = Math.min(end, (c + 1) * height);
      columns[c]?.push(at - c * height, stop - c * height);
      at = stop;
    }
    index = end;
  });
  maskColumnsCache.set(mask, columns);
  return columns;
}

function maskSampler(mask: MaskShape): ColumnSampler {
  const columns = maskColumns(mask);
  const bounds: Bounds = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
  columns.forEach((runs, c) => {
    if (runs.length === 0) return;
    bounds.x0 = Math.min(bounds.x0, c);
    bounds.x1 = c + 1;
    bounds.y0 = Math.min(bounds.y0, runs[0] ?? Infinity);
    bounds.y1 = Math.max(bounds.y1, runs[runs.length - 1] ?? -Infinity);
  });
  return { bounds, column: (x) => columns[Math.floor(x)] ?? [] };
}

/** Even-odd filling: where the vertical line crosses the edges, paired up. */
function polygonSampler(polygon: PolygonShape): ColumnSampler {
  const { points } = polygon;
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  const bounds = { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
  const column = (x: number): Intervals => {
    const crossings: number[] = [];
    points.forEach(([x1, y1], i) => {
      const [x2, y2] = points[(i + 1) % points.length] ?? [x1, y1];
      if (x1 <= x !== x2 <= x) crossings.push(y1 + ((x - x1) * (y2 - y1)) / (x2 - x1));
    });
    return crossings.sort((a, b) => a - b);
  };
  return { bounds, column };
}

/** A sampler for any shape. */
export function samplerOf(shape: Shape): ColumnSampler {
  switch (shape.kind) {
    case 'box': {
      const bounds = { x0: shape.x, y0: shape.y, x1: shape.x + shape.w, y1: shape.y + shape.h };
      const inside: Intervals = shape.h > 0 ? [bounds.y0, bounds.y1] : [];
      return { bounds, column: (x) => (x >= bounds.x0 && x < bounds.x1 ? inside : []) };
    }
    case 'polygon':
      return polygonSampler(shape);
    case 'mask':
      return maskSampler(shape);
  }
}

/** Total length of a column's intervals. */
export function covered(intervals: Intervals): number {
  let sum = 0;
  for (let i = 0; i + 1 < intervals.length; i += 2) sum += (intervals[i + 1] ?? 0) - (intervals[i] ?? 0);
  return sum;
}

/** Length of the overlap of two columns' intervals (both sorted and disjoint). */
export function overlapLength(a: Intervals, b: Intervals): number {
  let sum = 0;
  let i = 0;
  let j = 0;
  while (i + 1 < a.length && j + 1 < b.length) {
    const [a0, a1, b0, b1] = [a[i] ?? 0, a[i + 1] ?? 0, b[j] ?? 0, b[j + 1] ?? 0];
    sum += Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
    if (a1 < b1) i += 2;
    else j += 2;
  }
  return sum;
}
