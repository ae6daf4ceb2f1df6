import { decodeRecord, defaultMaxRecordBytes, ImportFileError, tooLong, type SourceRecord } from './records.ts';
import { splitLines } from './split-lines.ts';

const enum Byte {
  Tab = 0x09,
  Newline = 0x0a,
  Return = 0x0d,
  Space = 0x20,
  Quote = 0x22,
  Comma = 0x2c,
  Backslash = 0x5c,
  OpenBracket = 0x5b,
  CloseBracket = 0x5d,
  OpenBrace = 0x7b,
  CloseBrace = 0x7d,
}

const isSpace = (b: number) => b === Byte.Space || b === Byte.Newline || b === Byte.Return || b === Byte.Tab;

type State = 'before' | 'elementStart' | 'element' | 'after';

/**
 * Cuts the elements of one top-level JSON array out of a byte stream, one at a time, so a 200 MB
 * Label Studio export is never parsed (or held) whole. Each element is returned as text for
 * `JSON.parse`; a malformed element is that element's problem, but a broken array (no `[`,
 * truncated, text after `]`, empty elements) throws {@link ImportFileError}. An element over
 * `maxElementBytes` becomes an error record and is skipped without being buffered.
 * @example for await (const r of splitJsonArray(chunks)) if ('text' in r) handle(JSON.parse(r.text));
 */
export async function* splitJsonArray(
  chunks: AsyncIterable<Uint8Array>,
  options: { maxElementBytes?: number } = {},
): AsyncGenerator<SourceRecord> {
  const maxBytes = options.maxElementBytes ?? defaultMaxRecordBytes;
  let state = 'before' as State;
  let line = 1;
  let offset = 0;
  let first = true;
  let elements = 0;
  // The element being collected.
  let parts: Uint8Array[] = [];
  let bytes = 0;
  let overflow = false;
  let startLine = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;

  const fail = (message: string): never => {
    throw new ImportFileError(`Not a valid JSON array of tasks: ${message} (line ${line}, byte ${offset + 1}).`);
  };
  const keep = (piece: Uint8Array) => {
    if (piece.length === 0) return;
    bytes += piece.length;
    if (overflow) return;
    if (bytes > maxBytes) {
      overflow = true;
      parts = [];
      return;
    }
    parts.push(Uint8Array.prototype.slice.call(piece));
  };
  const finish = (): SourceRecord => {
    const record = overflow ? tooLong(startLine, bytes, maxBytes) : decodeRecord(startLine, parts, bytes);
    parts = [];
    bytes = 0;
    overflow = false;
    elements += 1;
    return record;
  };

  for await (const raw of chunks) {
    let chunk = raw;
    if (first) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    // Start of the current element's bytes within this chunk, while collecting one.
    let from = state === 'element' ? 0 : -1;
    for (let i = 0; i < chunk.length; i += 1, offset += 1) {
      const b = chunk[i]!;
      if (state === 'element') {
        if (inString) {
          if (escaped) escaped = false;
          else if (b === Byte.Backslash) escaped = true;
          else if (b === Byte.Quote) inString = false;
          else if (b === Byte.Newline) line += 1;
          continue;
        }
        if (b === Byte.Quote) inString = true;
        else if (b === Byte.OpenBrace || b === Byte.OpenBracket) depth += 1;
        else if (b === Byte.CloseBrace || (b === Byte.CloseBracket && depth > 0)) {
          depth -= 1;
          if (depth < 0) fail('unexpected "}"');
        } else if (depth === 0 && (b === Byte.Comma || b === Byte.CloseBracket)) {
          keep(chunk.subarray(from, i));
          from = -1;
          yield finish();
          state = b === Byte.Comma ? 'elementStart' : 'after';
        } else if (b === Byte.Newline) line += 1;
        continue;
      }
      if (b === Byte.Newline) line += 1;
      if (isSpace(b)) continue;
      switch (state) {
        case 'before':
          if (b !== Byte.OpenBracket) fail('a Label Studio export starts with "["');
          state = 'elementStart';
          break;
        case 'elementStart':
          if (b === Byte.CloseBracket) {
            if (elements > 0) fail('a "," before "]" with no element after it');
            state = 'after';
          } else if (b === Byte.Comma) fail('an empty element');
          else {
            state = 'element';
            startLine = line;
            from = i;
            depth = 0;
            // Re-examine this byte as part of the element.
            i -= 1;
            offset -= 1;
          }
          break;
        case 'after':
          fail('unexpected text after the closing "]"');
      }
    }
    if (state === 'element' && from >= 0) keep(chunk.subarray(from));
  }
  if (state === 'element' || state === 'elementStart') fail('the file ends before the array is closed (truncated?)');
}

/**
 * A Label Studio file: a JSON array of tasks, or (also accepted) one task per line. Which one is
 * decided by the first character that is not whitespace: `[` or `{`. A whitespace-only file has no tasks.
 */
export async function* splitTasks(chunks: AsyncIterable<Uint8Array>, options: { maxRecordBytes?: number } = {}): AsyncGenerator<SourceRecord> {
  const iterator = chunks[Symbol.asyncIterator]();
  const seen: Uint8Array[] = [];
  let kind: 'array' | 'lines' | null = null;
  while (kind === null) {
    const next = await iterator.next();
    if (next.done) break;
    seen.push(next.value);
    for (let i = 0; i < next.value.length; i += 1) {
      const b = next.value[i]!;
      if (isSpace(b) || (seen.length === 1 && i < 3 && (b === 0xef || b === 0xbb || b === 0xbf))) continue;
      if (b === Byte.OpenBracket) kind = 'array';
      else if (b === Byte.OpenBrace) kind = 'lines';
      else throw new ImportFileError('Not a Label Studio export: it must be a JSON array of tasks ("[{…}, …]") or one task object per line.');
      break;
    }
  }
  if (kind === null) return;
  const replay = (async function* () {
    yield* seen;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  })();
  yield* kind === 'array'
    ? splitJsonArray(replay, { maxElementBytes: options.maxRecordBytes })
    : splitLines(replay, { maxLineBytes: options.maxRecordBytes });
}
