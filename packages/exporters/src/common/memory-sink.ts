import type { ExportSink } from '../types.ts';

/** An {@link ExportSink} that keeps files in memory (tests, previews); `files` maps path → text once closed. */
export interface MemorySink extends ExportSink {
  /** Path → full text of every closed file. */
  readonly files: Map<string, string>;
}

/**
 * Creates an in-memory sink. Opening a path twice, or writing after close, throws: a formatter must open
 * each file once and write in order.
 */
export function createMemorySink(): MemorySink {
  const files = new Map<string, string>();
  const opened = new Set<string>();
  return {
    files,
    open(path) {
      if (opened.has(path)) throw new Error(`file opened twice: ${path}`);
      opened.add(path);
      const chunks: string[] = [];
      let closed = false;
      return {
        async write(chunk) {
          if (closed) throw new Error(`write after close: ${path}`);
          chunks.push(chunk);
        },
        async close() {
          if (closed) throw new Error(`closed twice: ${path}`);
          closed = true;
          files.set(path, chunks.join(''));
        },
      };
    },
  };
}

/** Turns a list into the AsyncIterable formatters read. */
export async function* fromList<T>(values: Iterable<T>): AsyncIterable<T> {
  for (const value of values) yield value;
}
