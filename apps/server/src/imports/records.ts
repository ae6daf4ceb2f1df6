/**
 * One unit of an import file, as the splitters cut it out of the byte stream: a JSONL line or one
 * element of a JSON array. `line` is the 1-based line of the file where it starts.
 */
export type SourceRecord = { line: number; text: string; bytes: number } | { line: number; error: string; bytes: number };

/** The whole file cannot be read (not a JSON array, truncated, …): the import fails with this message. */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
}

/** Largest single record (line or array element). Larger media belong in an upload, referenced by name. */
export const defaultMaxRecordBytes = 32 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a record's bytes; invalid UTF-8 is a per-record error, not a failure of the file. */
export function decodeRecord(line: number, parts: Uint8Array[], bytes: number): SourceRecord {
  const joined = parts.length === 1 ? parts[0]! : Buffer.concat(parts, bytes);
  try {
    return { line, text: utf8.decode(joined), bytes };
  } catch {
    return { line, error: 'is not valid UTF-8 text', bytes };
  }
}

export function tooLong(line: number, bytes: number, maxBytes: number): SourceRecord {
  return { line, error: `is longer than ${maxBytes} bytes (upload large media first and refer to them by file name)`, bytes };
}
