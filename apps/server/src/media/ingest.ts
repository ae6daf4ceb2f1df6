import { createHash } from 'node:crypto';
import { AppError } from '../errors.ts';
import { readDimensions, sniffBytes, sniffType, type SniffedType } from './content-types.ts';

/** What was learnt about a file while it streamed through. */
export interface Ingested extends SniffedType {
  bytes: number;
  width: number | null;
  height: number | null;
  sha256: string;
}

export interface IngestLimits {
  maxBytes: number;
  maxPixels: number;
}

/** A JPEG's frame header may follow big metadata blocks; give up on finding it past this point. */
const maxHeadBytes = 4 * 1024 * 1024;

export const tooLarge = (maxBytes: number) =>
  new AppError(413, 'payload_too_large', `The file is larger than the limit of ${maxBytes} bytes (${(maxBytes / 1048576).toFixed(1)} MiB).`);

/**
 * Checks a file as it streams: counts bytes (413 past `maxBytes`), hashes, sniffs the type from the
 * leading bytes (415) and, for images, reads the dimensions from the header and applies the pixel limit
 * (422). Nothing is passed on to `sink` until the type (and, for images, the size) has been accepted, so a
 * refused file never reaches storage. `result()` is valid once the returned stream was fully consumed.
 * @example
 * const check = inspect(body, limits);
 * await store.put(key, check.stream);
 * const info = check.result();
 */
export function inspect(body: AsyncIterable<Uint8Array>, limits: IngestLimits): { stream: AsyncIterable<Uint8Array>; result(): Ingested } {
  const hash = createHash('sha256');
  let bytes = 0;
  let type: SniffedType | null = null;
  let dims: { width: number; height: number } | null = null;
  let done = false;
  let digest: string | null = null;

  /** Returns true once everything needed from the head is known. */
  async function examine(head: Buffer, complete: boolean): Promise<boolean> {
    if (!type) {
      if (head.length < sniffBytes && !complete) return false;
      type = await sniffType(head);
    }
    if (type.kind !== 'image') return true;
    dims = readDimensions(head, type.contentType, complete || head.length >= maxHeadBytes);
    if (!dims) return false;
    if (dims.width * dims.height > limits.maxPixels) {
      throw new AppError(
        422,
        'image_too_large',
        `The image is ${dims.width}×${dims.height} pixels; at most ${limits.maxPixels} pixels are accepted.`,
      );
    }
    return true;
  }

  async function* stream(): AsyncGenerator<Uint8Array> {
    let head: Buffer[] = [];
    let headBytes = 0;
    let nextTry = sniffBytes;
    let examined = false;
    for await (const chunk of body) {
      bytes += chunk.length;
      if (bytes > limits.maxBytes) throw tooLarge(limits.maxBytes);
      hash.update(chunk);
      if (examined) {
        yield chunk;
        continue;
      }
      head.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      headBytes += chunk.length;
      // Retried at doubling sizes, so a slow trickle of tiny chunks does not re-parse the head each time.
      if (headBytes < nextTry) continue;
      nextTry = headBytes * 2;
      const joined = Buffer.concat(head);
      head = [joined];
      if (await examine(joined, false)) {
        examined = true;
        head = [];
        yield joined;
      }
    }
    if (!examined) {
      if (headBytes === 0) throw new AppError(422, 'invalid_media', 'The file is empty.');
      const joined = Buffer.concat(head);
      await examine(joined, true);
      if (joined.length > 0) yield joined;
    }
    done = true;
  }

  return {
    stream: stream(),
    result() {
      if (!done || !type) throw new Error('inspect(): the stream was not fully consumed');
      const t: SniffedType = type;
      const d = dims as { width: number; height: number } | null;
      return { ...t, bytes, width: d?.width ?? null, height: d?.height ?? null, sha256: (digest ??= hash.digest('hex')) };
    },
  };
}
