import { AppError } from '../errors.ts';

const maxNameLength = 255;

/**
 * A client's file name made fit to show and to match imports by: the last path segment only, without
 * control or formatting characters (bidi overrides), at most 255 characters; null when nothing is left.
 * It is stored as text and never used to build a path.
 * @example cleanFileName('C:\\photos\\cat\u202e.png') // 'cat.png'
 */
export function cleanFileName(name: string | null | undefined): string | null {
  if (!name) return null;
  const last = name.split(/[/\\]/).pop() ?? '';
  const cleaned = last.replace(/[\p{Cc}\p{Cf}]/gu, '').trim().slice(0, maxNameLength);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? null : cleaned;
}

/** The file name a URL suggests (its last path segment, decoded), or null. */
export function fileNameOfUrl(url: string): string | null {
  try {
    const segment = new URL(url).pathname.split('/').pop() ?? '';
    return cleanFileName(decodeURIComponent(segment));
  } catch {
    return null;
  }
}

/**
 * The bytes of a `data:<type>;base64,<data>` URI. The declared type is ignored (the bytes are sniffed
 * like any upload); only base64 is accepted; the size is checked before decoding.
 * @throws AppError 422 for a malformed URI, 413 when it would decode to more than `maxBytes`.
 */
export function decodeDataUri(uri: string, maxBytes: number): Buffer {
  const comma = uri.indexOf(',');
  const header = comma < 0 ? '' : uri.slice(5, comma);
  if (!/^data:/i.test(uri) || comma < 0 || !/;base64$/i.test(header)) {
    throw new AppError(422, 'invalid_media', 'Only base64 data: URIs are accepted, like data:image/png;base64,iVBORw0…');
  }
  const payload = uri.slice(comma + 1).replace(/\s+/g, '');
  if (payload.length > Math.ceil(maxBytes / 3) * 4 + 4) {
    throw new AppError(413, 'payload_too_large', `The data: URI holds more than the limit of ${maxBytes} bytes.`);
  }
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(payload)) {
    throw new AppError(422, 'invalid_media', 'The data: URI is not valid base64.');
  }
  return Buffer.from(payload, 'base64');
}
