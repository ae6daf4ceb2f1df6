import { describe, expect, it } from 'vitest';
import { htmlFile, makeGif, makeJpeg, makePng, makeWav, svgFile } from '../../test/helpers/media-files.ts';
import { AppError } from '../errors.ts';
import { inspect, type IngestLimits } from './ingest.ts';

const limits: IngestLimits = { maxBytes: 1_000_000, maxPixels: 1_000_000 };

/** Feeds `bytes` in chunks of `size` and returns what passed through plus the result. */
async function run(bytes: Buffer, options: { size?: number; limits?: IngestLimits } = {}) {
  const size = options.size ?? 1000;
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  }
  const check = inspect(chunks(), options.limits ?? limits);
  const out: Uint8Array[] = [];
  for await (const c of check.stream) out.push(c);
  return { passed: Buffer.concat(out), result: check.result() };
}

async function refusal(bytes: Buffer, options: Parameters<typeof run>[1] = {}): Promise<{ error: AppError; passedBytes: number }> {
  const check = inspect(
    (async function* () {
      for (let i = 0; i < bytes.length; i += options.size ?? 1000) yield bytes.subarray(i, i + (options.size ?? 1000));
    })(),
    options.limits ?? limits,
  );
  let passedBytes = 0;
  try {
    for await (const c of check.stream) passedBytes += c.length;
  } catch (err) {
    if (err instanceof AppError) return { error: err, passedBytes };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('inspect', () => {
  it('[M3][M5] passes a PNG through unchanged with its type, size, dimensions and sha256', async () => {
    const png = makePng(30, 20);
    const { passed, result } = await run(png, { size: 7 });
    expect(passed).toEqual(png);
    expect(result).toMatchObject({ kind: 'image', contentType: 'image/png', bytes: png.length, width: 30, height: 20 });
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('[M3] knows JPEG, GIF and WAV by their bytes', async () => {
    expect((await run(makeJpeg(640, 480))).result).toMatchObject({ contentType: 'image/jpeg', width: 640, height: 480 });
    expect((await run(makeGif(5, 7))).result).toMatchObject({ contentType: 'image/gif', width: 5, height: 7 });
    expect((await run(makeWav())).result).toMatchObject({ kind: 'audio', contentType: 'audio/wav', width: null, height: null });
  });

  it('[M5] finds a JPEG frame header behind 300 KB of metadata', async () => {
    const { result } = await run(makeJpeg(800, 600, { metadataBytes: 300_000 }), { size: 4096 });
    expect(result).toMatchObject({ width: 800, height: 600 });
  });

  it('[M3] refuses SVG, HTML, text and empty files with 415 / 422 before anything passes', async () => {
    for (const bytes of [svgFile, htmlFile, Buffer.from('just text')]) {
      const { error, passedBytes } = await refusal(bytes);
      expect(error.status).toBe(415);
      expect(passedBytes).toBe(0);
    }
    expect((await refusal(Buffer.alloc(0))).error).toMatchObject({ status: 422, message: 'The file is empty.' });
  });

  it('[M4] refuses a file over the byte limit with 413', async () => {
    const { error } = await refusal(makeWav({ samples: 5000 }), { limits: { maxBytes: 4000, maxPixels: 100 } });
    expect(error).toMatchObject({ status: 413, code: 'payload_too_large' });
  });

  it('[M5] refuses an image whose header claims more pixels than allowed, before anything passes', async () => {
    const bomb = makePng(2, 2, { claim: { width: 100_000, height: 100_000 } });
    const { error, passedBytes } = await refusal(bomb);
    expect(error).toMatchObject({ status: 422, code: 'image_too_large' });
    expect(error.message).toContain('100000×100000');
    expect(passedBytes).toBe(0);
  });

  it('[M5] refuses an image whose header cannot be read', async () => {
    const truncated = makeJpeg(10, 10, { metadataBytes: 10_000 }).subarray(0, 9_000);
    expect((await refusal(truncated)).error).toMatchObject({ status: 422, code: 'invalid_media' });
  });
});
