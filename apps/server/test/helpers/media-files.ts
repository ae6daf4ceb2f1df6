import { deflateSync } from 'node:zlib';

/**
 * Small media files built in code for tests: nothing binary is checked in, and each builder can lie in
 * its header (a PNG that claims 100000×100000 pixels) to exercise the limits.
 */

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

/**
 * A valid RGBA PNG of `width`×`height` pixels: `paint(x, y)` gives each pixel's RGBA, else one colour
 * per column (vary `seed` for different bytes). `claim` writes other dimensions into the header while
 * keeping the tiny pixel data (a decompression bomb's header without the bomb).
 * @example makePng(64, 48, { paint: (x) => (x < 32 ? [220, 30, 30, 255] : [30, 60, 220, 255]) })
 */
export function makePng(
  width: number,
  height: number,
  options: { seed?: number; claim?: { width: number; height: number }; paint?: (x: number, y: number) => readonly [number, number, number, number] } = {},
): Buffer<ArrayBuffer> {
  const seed = options.seed ?? 0;
  const paint = options.paint ?? ((x: number) => [seed & 0xff, (seed >> 8) & 0xff, x & 0xff, 0xff] as const);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(options.claim?.width ?? width, 0);
  ihdr.writeUInt32BE(options.claim?.height ?? height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const rows = Array.from({ length: height }, (_, y) => {
    const row = Buffer.alloc(1 + width * 4);
    for (let x = 0; x < width; x++) row.set(paint(x, y), 1 + x * 4);
    return row;
  });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function segment(marker: number, data: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([head, data]);
}

/**
 * A baseline JPEG header (JFIF, frame header with the given size, no scan data): enough for type sniffing
 * and dimension reading, which is all the server does. `metadataBytes` puts that much APP1 padding (in
 * 60 KiB segments) before the frame header, like big EXIF or ICC blocks do.
 */
export function makeJpeg(width: number, height: number, options: { metadataBytes?: number } = {}): Buffer {
  const app0 = segment(0xe0, Buffer.from([0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]));
  const padding: Buffer[] = [];
  for (let left = options.metadataBytes ?? 0; left > 0; left -= 60_000) {
    padding.push(segment(0xe1, Buffer.alloc(Math.min(left, 60_000), 0x20)));
  }
  const sof = Buffer.alloc(15);
  sof[0] = 8;
  sof.writeUInt16BE(height, 1);
  sof.writeUInt16BE(width, 3);
  sof[5] = 3;
  sof.set([1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1], 6);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, ...padding, segment(0xc0, sof), Buffer.from([0xff, 0xd9])]);
}

/** A mono 16-bit PCM WAV of silence (plus a little noise from `seed`). */
export function makeWav(options: { samples?: number; seed?: number } = {}): Buffer {
  const samples = options.samples ?? 800;
  const data = Buffer.alloc(samples * 2);
  data.writeInt16LE(options.seed ?? 0, 0);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** A 1×1 GIF89a with the given logical screen size in its header. */
export function makeGif(width: number, height: number): Buffer {
  const head = Buffer.alloc(13);
  head.write('GIF89a', 0, 'latin1');
  head.writeUInt16LE(width, 6);
  head.writeUInt16LE(height, 8);
  head[10] = 0x80; // global colour table of 2 entries
  return Buffer.concat([
    head,
    Buffer.from([0, 0, 0, 0xff, 0xff, 0xff]),
    Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3b]),
  ]);
}

export const svgFile = Buffer.from(
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(document.cookie)"><script>alert(1)</script></svg>\n',
);
export const htmlFile = Buffer.from('<!doctype html>\n<html><body><script>fetch("/api/v1/me")</script></body></html>\n');
