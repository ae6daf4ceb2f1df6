import { decodeRecord, defaultMaxRecordBytes, tooLong, type SourceRecord } from './records.ts';

const newline = 0x0a;
const carriageReturn = 0x0d;

function isBlank(parts: Uint8Array[]): boolean {
  for (const part of parts) {
    for (const byte of part) {
      if (byte !== 0x20 && byte !== 0x09 && byte !== carriageReturn) return false;
    }
  }
  return true;
}

/**
 * Cuts a byte stream into JSONL lines without holding more than one line in memory. Blank lines are
 * skipped (their numbers still count); a trailing `\r` is dropped; a leading UTF-8 byte order mark is
 * ignored. A line longer than `maxLineBytes` becomes an error record and is skipped, not buffered.
 * @example for await (const record of splitLines(createReadStream(path))) console.log(record.line);
 */
export async function* splitLines(
  chunks: AsyncIterable<Uint8Array>,
  options: { maxLineBytes?: number } = {},
): AsyncGenerator<SourceRecord> {
  const maxLineBytes = options.maxLineBytes ?? defaultMaxRecordBytes;
  let parts: Uint8Array[] = [];
  let bytes = 0;
  let overflow = false;
  let line = 1;
  let first = true;

  const finish = (): SourceRecord | null => {
    let record: SourceRecord | null = null;
    if (overflow) record = tooLong(line, bytes, maxLineBytes);
    else if (bytes > 0 && !isBlank(parts)) {
      let last = parts.at(-1)!;
      if (last.at(-1) === carriageReturn) {
        last = last.subarray(0, last.length - 1);
        parts[parts.length - 1] = last;
        bytes -= 1;
      }
      record = decodeRecord(line, parts, bytes);
    }
    parts = [];
    bytes = 0;
    overflow = false;
    return record;
  };
  const append = (piece: Uint8Array) => {
    if (piece.length === 0) return;
    bytes += piece.length;
    if (overflow) return;
    if (bytes > maxLineBytes) {
      overflow = true;
      parts = [];
      return;
    }
    // Copy: the stream may reuse its chunk buffers.
    parts.push(Uint8Array.prototype.slice.call(piece));
  };

  for await (const raw of chunks) {
    let chunk = raw;
    if (first) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(newline, start);
      if (end === -1) {
        append(chunk.subarray(start));
        break;
      }
      append(chunk.subarray(start, end));
      const record = finish();
      if (record) yield record;
      line += 1;
      start = end + 1;
    }
  }
  const record = finish();
  if (record) yield record;
}
