import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import busboy, { type Busboy } from 'busboy';
import { AppError, badRequest } from '../errors.ts';

export interface MultipartFile {
  /** The name the client gave (unchecked: clean it before storing, never use it as a path). */
  fileName: string | null;
  body: Readable;
}

type Event = { type: 'file'; field: string; file: MultipartFile } | { type: 'field'; field: string } | { type: 'error'; error: unknown } | { type: 'end' };

/**
 * The `file` parts of a multipart/form-data body, one at a time as they arrive: nothing is buffered
 * beyond the part being read, so a file can be bigger than memory. Each file's stream is cut one byte
 * past `maxFileBytes`, which the consumer's own count then refuses. Other field names, non-file fields,
 * too many files and a body without files are 400 / 413.
 * @example for await (const file of multipartFiles({ contentType, body, maxFiles: 50, maxFileBytes })) { ... }
 */
export async function* multipartFiles(options: {
  contentType: string;
  body: ReadableStream<Uint8Array>;
  maxFiles: number;
  maxFileBytes: number;
  fieldName?: string;
}): AsyncGenerator<MultipartFile> {
  const fieldName = options.fieldName ?? 'file';
  let parser: Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': options.contentType },
      // Browsers send file names as raw UTF-8 (busboy's default would read them as Latin-1).
      defParamCharset: 'utf8',
      limits: { files: options.maxFiles, fileSize: options.maxFileBytes + 1, fields: 0, parts: options.maxFiles, headerPairs: 20 },
    });
  } catch {
    throw badRequest('Malformed multipart/form-data Content-Type (is the boundary missing?).');
  }

  const events: Event[] = [];
  let wake: (() => void) | null = null;
  const push = (event: Event) => {
    events.push(event);
    wake?.();
    wake = null;
  };
  parser.on('file', (field, stream, info) => push({ type: 'file', field, file: { fileName: info.filename ?? null, body: stream } }));
  parser.on('field', (field) => push({ type: 'field', field }));
  parser.on('filesLimit', () => push({ type: 'error', error: new AppError(413, 'payload_too_large', `At most ${options.maxFiles} files per request.`) }));
  parser.on('partsLimit', () => push({ type: 'error', error: new AppError(413, 'payload_too_large', `At most ${options.maxFiles} parts per request.`) }));
  parser.on('fieldsLimit', () => push({ type: 'field', field: '' }));
  parser.on('error', () => push({ type: 'error', error: badRequest('The multipart/form-data body is malformed or ended early.') }));
  parser.on('close', () => push({ type: 'end' }));

  const source = Readable.fromWeb(options.body as NodeReadableStream<Uint8Array>);
  source.on('error', () => push({ type: 'error', error: badRequest('The upload was interrupted.') }));
  source.pipe(parser);

  let files = 0;
  try {
    for (;;) {
      if (events.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const event = events.shift()!;
      switch (event.type) {
        case 'file': {
          if (event.field !== fieldName) {
            event.file.body.resume();
            throw badRequest(`Unexpected part "${event.field.slice(0, 100)}": send each file as a part named "${fieldName}".`);
          }
          files += 1;
          yield event.file;
          // A consumer that stopped early must not stall the parser on an unread part.
          event.file.body.resume();
          break;
        }
        case 'field':
          throw badRequest(`Only file parts named "${fieldName}" are accepted, not form fields.`);
        case 'error':
          throw event.error;
        case 'end':
          if (files === 0) throw badRequest(`No files: send one or more parts named "${fieldName}".`);
          return;
      }
    }
  } finally {
    source.unpipe(parser);
    source.destroy();
  }
}
