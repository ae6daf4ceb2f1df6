#!/usr/bin/env node
// Draws the example images (PNG) and synthesises the example audio (WAV) in examples/media, with node
// built-ins only, so the repository's example data is its own (CC0). Deterministic: running it again
// writes the same bytes.  Usage: node scripts/make-example-media.mjs [outDir]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const outDir = process.argv[2] ?? fileURLToPath(new URL('../examples/media', import.meta.url));

// ---------- PNG ----------

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** An RGB canvas with a few filled primitives, encoded as an 8-bit truecolour PNG. */
function canvas(width, height, background) {
  const pixels = Buffer.alloc(width * height * 3);
  const set = (x, y, [r, g, b]) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const i = (y * width + x) * 3;
    pixels[i] = r;
    pixels[i + 1] = g;
    pixels[i + 2] = b;
  };
  const api = {
    width,
    height,
    rect(x, y, w, h, color) {
      for (let yy = Math.max(0, y); yy < Math.min(height, y + h); yy += 1) for (let xx = Math.max(0, x); xx < Math.min(width, x + w); xx += 1) set(xx, yy, color);
      return api;
    },
    circle(cx, cy, r, color) {
      for (let y = Math.floor(cy - r); y <= cy + r; y += 1) {
        for (let x = Math.floor(cx - r); x <= cx + r; x += 1) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) set(x, y, color);
      }
      return api;
    },
    /** Even-odd scanline fill through pixel centres. */
    polygon(points, color) {
      const ys = points.map((p) => p[1]);
      for (let y = Math.floor(Math.min(...ys)); y <= Math.ceil(Math.max(...ys)); y += 1) {
        const sy = y + 0.5;
        const xs = [];
        for (let i = 0; i < points.length; i += 1) {
          const [x1, y1] = points[i];
          const [x2, y2] = points[(i + 1) % points.length];
          if ((y1 <= sy && y2 > sy) || (y2 <= sy && y1 > sy)) xs.push(x1 + ((sy - y1) / (y2 - y1)) * (x2 - x1));
        }
        xs.sort((a, b) => a - b);
        for (let i = 0; i + 1 < xs.length; i += 2) for (let x = Math.ceil(xs[i] - 0.5); x < xs[i + 1] - 0.5; x += 1) set(x, y, color);
      }
      return api;
    },
    /** Rows from y0 to y1 blended from one colour to another (sky, water). */
    gradient(y0, y1, from, to) {
      for (let y = y0; y < y1; y += 1) {
        const t = (y - y0) / Math.max(1, y1 - y0 - 1);
        const color = from.map((c, i) => Math.round(c + (to[i] - c) * t));
        for (let x = 0; x < width; x += 1) set(x, y, color);
      }
      return api;
    },
    png() {
      const raw = Buffer.alloc((width * 3 + 1) * height);
      for (let y = 0; y < height; y += 1) {
        raw[y * (width * 3 + 1)] = 0; // filter: none
        pixels.copy(raw, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
      }
      const header = Buffer.alloc(13);
      header.writeUInt32BE(width, 0);
      header.writeUInt32BE(height, 4);
      header[8] = 8; // bit depth
      header[9] = 2; // truecolour
      return Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk('IHDR', header),
        chunk('IDAT', deflateSync(raw, { level: 9 })),
        chunk('IEND', Buffer.alloc(0)),
      ]);
    },
  };
  api.rect(0, 0, width, height, background);
  return api;
}

const colors = {
  sky: [150, 200, 240],
  skyLow: [205, 230, 250],
  road: [90, 90, 95],
  stripe: [245, 245, 240],
  grass: [96, 170, 80],
  red: [200, 40, 40],
  window: [190, 225, 245],
  black: [25, 25, 25],
  hub: [160, 160, 160],
  trunk: [110, 75, 40],
  leaves: [40, 120, 50],
  sun: [250, 210, 60],
  white: [255, 255, 255],
  blue: [40, 80, 200],
  green: [40, 160, 70],
  orange: [240, 140, 30],
  wood: [150, 100, 55],
};

/** A street: sky, sun, a red bus (body 120,200 320x130) with windows and wheels, a tree on the right. */
function bus() {
  const c = canvas(640, 480, colors.sky).gradient(0, 300, colors.sky, colors.skyLow);
  c.circle(575, 70, 38, colors.sun);
  c.rect(0, 300, 640, 180, colors.road);
  for (let x = 20; x < 640; x += 80) c.rect(x, 395, 45, 8, colors.stripe);
  c.rect(120, 200, 320, 130, colors.red);
  for (let x = 140; x < 420; x += 56) c.rect(x, 216, 40, 40, colors.window);
  c.rect(400, 266, 28, 56, colors.window); // door
  for (const x of [185, 375]) c.circle(x, 330, 28, colors.black).circle(x, 330, 10, colors.hub);
  c.rect(500, 200, 26, 130, colors.trunk).circle(513, 175, 58, colors.leaves);
  return c.png();
}

/** Counting: three red circles, two blue squares and one green triangle on white. */
function shapes() {
  const c = canvas(320, 240, colors.white);
  for (const [x, y] of [[50, 60], [130, 50], [90, 150]]) c.circle(x, y, 28, colors.red);
  c.rect(190, 30, 50, 50, colors.blue).rect(250, 110, 50, 50, colors.blue);
  c.polygon([[180, 220], [230, 130], [280, 220]], colors.green);
  return c.png();
}

/** A park: two trees, a bench between them and an orange kite in the sky. */
function park() {
  const c = canvas(480, 320, colors.sky).gradient(0, 200, colors.sky, colors.skyLow);
  c.rect(0, 200, 480, 120, colors.grass);
  c.rect(70, 140, 20, 110, colors.trunk).circle(80, 120, 45, colors.leaves);
  c.rect(380, 150, 20, 100, colors.trunk).circle(390, 130, 40, colors.leaves);
  c.rect(190, 230, 110, 10, colors.wood).rect(190, 210, 110, 8, colors.wood);
  c.rect(198, 240, 8, 22, colors.wood).rect(284, 240, 8, 22, colors.wood);
  c.polygon([[300, 40], [325, 70], [300, 105], [275, 70]], colors.orange);
  for (let i = 0; i < 40; i += 1) c.rect(300 - Math.round(i * 0.8), 105 + i * 2, 2, 2, colors.black); // the string
  return c.png();
}

// ---------- WAV ----------

/** 16-bit mono PCM WAV of `samples` (floats in -1..1). */
function wav(samples, rate) {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, s)) * 32767), i * 2));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/**
 * Three beeps rising (440, 660, 880 Hz, 0.3 s each from 0.1 s, 0.6 s and 1.1 s), then a chirp from
 * 300 to 1200 Hz (1.6 s to 2.2 s), at 8 kHz: the transcript in examples/instruction.jsonl follows it.
 */
function beeps() {
  const rate = 8000;
  const samples = new Float32Array(Math.round(rate * 2.4));
  const envelope = (t, length) => Math.min(1, t / 0.02, (length - t) / 0.02);
  for (const [start, freq] of [[0.1, 440], [0.6, 660], [1.1, 880]]) {
    for (let i = 0; i < rate * 0.3; i += 1) {
      const t = i / rate;
      samples[Math.round(start * rate) + i] = 0.5 * envelope(t, 0.3) * Math.sin(2 * Math.PI * freq * t);
    }
  }
  const length = 0.6;
  for (let i = 0; i < rate * length; i += 1) {
    const t = i / rate;
    const phase = 2 * Math.PI * (300 * t + ((1200 - 300) / (2 * length)) * t * t);
    samples[Math.round(1.6 * rate) + i] = 0.5 * envelope(t, length) * Math.sin(phase);
  }
  return wav(samples, rate);
}

mkdirSync(outDir, { recursive: true });
const files = { 'bus.png': bus(), 'shapes.png': shapes(), 'park.png': park(), 'beeps.wav': beeps() };
for (const [name, bytes] of Object.entries(files)) {
  if (bytes.length > 60 * 1024) throw new Error(`${name} is ${bytes.length} bytes; keep examples under 60 KB`);
  writeFileSync(join(outDir, name), bytes);
  console.log(`${name}: ${bytes.length} bytes`);
}
