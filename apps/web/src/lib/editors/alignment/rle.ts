// COCO uncompressed run-length encoding of masks: `counts` alternate runs of 0 and 1 (starting with
// 0), over the pixels in column-major order; `size` is [height, width].

import type { Rect } from './geometry.ts';

/** An uncompressed COCO RLE as the document stores it. */
export interface Rle {
  size: readonly [number, number] | readonly number[];
  counts: readonly number[];
}

/** A decoded mask: `data[y * width + x]` is 1 inside the mask, 0 outside (row-major, unlike the RLE). */
export interface Mask {
  width: number;
  height: number;
  data: Uint8Array;
}

// A mask larger than this is not decoded (the document is untrusted; 64 megapixels is a big photo).
const maxPixels = 64 * 1024 * 1024;

/**
 * Decodes an uncompressed RLE. Malformed input never throws: runs are clipped to the mask, negative
 * or non-integer counts are skipped, a missing tail reads as background. Returns null when the size
 * itself is unusable.
 *
 * @example decodeRle({ size: [2, 2], counts: [1, 2, 1] }).data // Uint8Array [0, 1, 1, 0]
 */
export function decodeRle(rle: Rle): Mask | null {
  const [height, width] = rle.size;
  if (!isDimension(height) || !isDimension(width) || height * width > maxPixels) return null;
  const data = new Uint8Array(width * height);
  const total = width * height;
  let index = 0;
  let value = 0;
  for (const count of rle.counts) {
    if (index >= total) break;
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
      value ^= 1;
      continue;
    }
    const end = Math.min(total, index + count);
    if (value === 1) {
      for (let i = index; i < end; i++) {
        // Column-major i → (x, y): x = floor(i / height), y = i % height.
        data[(i % height) * width + Math.floor(i / height)] = 1;
      }
    }
    index = end;
    value ^= 1;
  }
  return { width, height, data };
}

/**
 * Encodes a row-major mask back to an uncompressed RLE (tests and pre-label tooling use it).
 *
 * @example encodeRle({ width: 2, height: 2, data: Uint8Array.of(0, 1, 1, 0) }) // { size: [2, 2], counts: [1, 2, 1] }
 */
export function encodeRle(mask: Mask): { size: [number, number]; counts: number[] } {
  const counts: number[] = [];
  let value = 0;
  let run = 0;
  for (let x = 0; x < mask.width; x++) {
    for (let y = 0; y < mask.height; y++) {
      const pixel = mask.data[y * mask.width + x] ? 1 : 0;
      if (pixel !== value) {
        counts.push(run);
        run = 0;
        value = pixel;
      }
      run++;
    }
  }
  counts.push(run);
  return { size: [mask.height, mask.width], counts };
}

/** The smallest rectangle holding every set pixel (pixel edges), or null for an empty mask. */
export function maskBounds(mask: Mask): Rect | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      if (!mask.data[y * mask.width + x]) continue;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  }
  return minX === Infinity ? null : { x: minX, y: minY, w: maxX - minX + 1, h: maxY - minY + 1 };
}

/** Number of set pixels. */
export function maskArea(mask: Mask): number {
  let area = 0;
  for (const pixel of mask.data) area += pixel;
  return area;
}

/** Whether the pixel under an image point is set. */
export function maskContains(mask: Mask, x: number, y: number): boolean {
  const px = Math.floor(x);
  const py = Math.floor(y);
  if (px < 0 || py < 0 || px >= mask.width || py >= mask.height) return false;
  return mask.data[py * mask.width + px] === 1;
}

/**
 * RGBA pixels for drawing the mask (`new ImageData(rgba, width, height)`): set pixels in `color`
 * (`#rrggbb`) at `alpha` (0..255), the rest transparent.
 */
export function maskToRgba(mask: Mask, color: string, alpha = 110): Uint8ClampedArray<ArrayBuffer> {
  const [r, g, b] = parseHex(color);
  const rgba = new Uint8ClampedArray(new ArrayBuffer(mask.width * mask.height * 4));
  for (let i = 0; i < mask.data.length; i++) {
    if (!mask.data[i]) continue;
    rgba[i * 4] = r;
    rgba[i * 4 + 1] = g;
    rgba[i * 4 + 2] = b;
    rgba[i * 4 + 3] = alpha;
  }
  return rgba;
}

function parseHex(color: string): [number, number, number] {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!match) return [128, 128, 128];
  return [parseInt(match[1] ?? '80', 16), parseInt(match[2] ?? '80', 16), parseInt(match[3] ?? '80', 16)];
}

function isDimension(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}
