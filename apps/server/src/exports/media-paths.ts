import type { ExportMedium, FormatId, Split } from '@concord/exporters';

const extensions: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/mpeg': 'mp3',
  'audio/ogg': 'ogg',
  'audio/flac': 'flac',
  'audio/mp4': 'm4a',
};

/** Largest image inlined as a data: URL when media are referenced by URL [X7]. */
export const dataUrlMaxBytes = 256 * 1024;

/** The file extension of a stored medium's (sniffed) content type. */
export function extensionOf(contentType: string): string {
  return extensions[contentType] ?? 'bin';
}

/**
 * Where a copied medium goes inside the export [X7]: `media/<mediaId>.<ext>`, or for hf-imagefolder
 * `<split>/media/<mediaId>.<ext>` (ImageFolder resolves file names against the split folder, V14).
 */
export function mediumPath(format: FormatId, split: Split, mediaId: string, contentType: string): string {
  const file = `media/${mediaId}.${extensionOf(contentType)}`;
  return format === 'hf-imagefolder' ? `${split}/${file}` : file;
}

/** The content type of an export file by its extension (downloads). */
export function contentTypeOfPath(path: string): string {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (ext === 'jsonl') return 'application/jsonl; charset=utf-8';
  if (ext === 'json') return 'application/json; charset=utf-8';
  if (ext === 'md') return 'text/markdown; charset=utf-8';
  if (ext === 'txt') return 'text/plain; charset=utf-8';
  for (const [type, e] of Object.entries(extensions)) if (e === ext) return type;
  return 'application/octet-stream';
}

export type { ExportMedium };
