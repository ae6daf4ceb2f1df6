import type { ImportFormat } from '../api-types.ts';

/** Files above this size are not read in the browser just to size the progress bar. */
const maxCountedBytes = 64 * 1024 * 1024;

/**
 * How many records a data file holds, for a determinate progress bar: non-blank lines of JSONL, the
 * length of a Label Studio task array. Null when unknown (too large, not parseable): the bar then
 * shows activity without a percentage.
 * @example countRecords('{"a":1}\n\n{"a":2}\n', 'jsonl') // 2
 */
export function countRecords(text: string, format: ImportFormat): number | null {
  if (format === 'jsonl') {
    let count = 0;
    for (const line of text.split('\n')) if (line.trim() !== '') count++;
    return count;
  }
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.length : null;
  } catch {
    return null;
  }
}

/** `countRecords` of a chosen file, or null when it is too large to read for that. */
export async function countFileRecords(file: Blob, format: ImportFormat): Promise<number | null> {
  if (file.size > maxCountedBytes) return null;
  try {
    return countRecords(await file.text(), format);
  } catch {
    return null;
  }
}
