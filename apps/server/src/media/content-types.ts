import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';
import { AppError } from '../errors.ts';

/** What the bytes of a file turned out to be. */
export interface SniffedType {
  kind: 'image' | 'audio';
  contentType: string;
}

/**
 * The only types Concord stores and serves, keyed by file-type's extension. Everything else (SVG, HTML,
 * PDF, video, unknown) is refused at upload, so it can never be served from the app's origin.
 */
const allowed: Readonly<Record<string, SniffedType>> = {
  png: { kind: 'image', contentType: 'image/png' },
  apng: { kind: 'image', contentType: 'image/png' },
  jpg: { kind: 'image', contentType: 'image/jpeg' },
  webp: { kind: 'image', contentType: 'image/webp' },
  gif: { kind: 'image', contentType: 'image/gif' },
  wav: { kind: 'audio', contentType: 'audio/wav' },
  mp3: { kind: 'audio', contentType: 'audio/mpeg' },
  ogg: { kind: 'audio', contentType: 'audio/ogg' },
  oga: { kind: 'audio', contentType: 'audio/ogg' },
  opus: { kind: 'audio', contentType: 'audio/ogg' },
  flac: { kind: 'audio', contentType: 'audio/flac' },
  m4a: { kind: 'audio', contentType: 'audio/mp4' },
};

/** image-size's names for the image types above. */
const imageSizeTypes: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/** Content types that may be served inline (the stored set; anything else is served as an attachment). */
export const servableContentTypes: ReadonlySet<string> = new Set(Object.values(allowed).map((t) => t.contentType));

export const allowedTypesText = 'PNG, JPEG, WebP, GIF images and WAV, MP3, Ogg/Opus, FLAC, M4A audio';

/** How many leading bytes the type sniffer needs (file-type reads at most this many for our types). */
export const sniffBytes = 4100;

/**
 * The type of a file from its first bytes (magic numbers), never from its name or a client's header.
 * @throws AppError 415 when the bytes are not one of the allow-listed image or audio types.
 */
export async function sniffType(head: Uint8Array): Promise<SniffedType> {
  const detected = head.length > 0 ? await fileTypeFromBuffer(head) : undefined;
  const type = detected ? allowed[detected.ext] : undefined;
  if (!type) {
    const what = detected ? `a ${detected.ext.toUpperCase()} file` : 'not a recognised image or audio file';
    throw new AppError(415, 'unsupported_media_type', `This file is ${what}. Upload ${allowedTypesText}.`);
  }
  return type;
}

/**
 * Width and height from an image's header, or null when `head` does not reach far enough to tell
 * (a JPEG's frame header can follow large metadata blocks). Throws 422 when the header is unreadable
 * or disagrees with the sniffed type.
 */
export function readDimensions(head: Uint8Array, contentType: string, complete: boolean): { width: number; height: number } | null {
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(head);
  } catch {
    if (!complete) return null;
    throw new AppError(422, 'invalid_media', 'The image header could not be read; the file may be truncated or damaged.');
  }
  if (size.type !== imageSizeTypes[contentType]) {
    throw new AppError(422, 'invalid_media', 'The image header does not match its file type.');
  }
  const { width, height } = size;
  if (!width || !height) throw new AppError(422, 'invalid_media', 'The image header gives no width or height.');
  return { width, height };
}
